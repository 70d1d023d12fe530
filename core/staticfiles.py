"""The production static files storage: fingerprinted names, precompressed gzip and brotli copies (WhiteNoise)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, rewriting references in CSS only.

    Vendor bundles end with `//# sourceMappingURL=` comments naming maps npm does not ship (ol.js.map); rewriting
    them would stop collectstatic, and browsers load source maps only when developer tools are open.
    """

    patterns = tuple(pattern for pattern in CompressedManifestStaticFilesStorage.patterns if pattern[0] != "*.js")
