"""The sector services of Appendix I, one Django app each, built on the platform's apps."""
