"""The two-factor pages: enrol an authenticator app (QR code and secret, confirmed by a first code), give the code."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import landing, two_factor
from accounts.models import User
from accounts.signals import two_factor_enrolled, two_factor_failed


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("6-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Type the 6 digits your app shows now, without spaces or letters.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": r"\d{6}", "maxlength": "6"}
        ),
    )


def _next_url(request: HttpRequest, user: User) -> str:
    """Where to go once verified: the `next` the sign-in carried when it is ours, else the role's home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return landing.home_url(user)


def _check(device: TOTPDevice, form: CodeForm) -> str | None:
    """Try the form's code on the device; return what went wrong in words, or None when it matched."""
    waiting = two_factor.wait_message(device)
    if waiting:
        return waiting
    if not form.is_valid():
        return " ".join(str(error) for error in form.errors.get("code", [])) or _("Type the 6-digit code.")
    if device.verify_token(form.cleaned_data["code"].strip()):
        return None
    return _("This code is wrong or has expired. Check that the phone's clock is right and type the code shown now.")


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), then confirm with a first code."""
    user = request.user
    assert isinstance(user, User)
    if two_factor.confirmed_device(user) is not None:
        if two_factor.is_verified(user):
            return render(request, "accounts/two_factor_done.html", {"next": _next_url(request, user)})
        return HttpResponseRedirect(two_factor.step_url(two_factor.VERIFY, _next_url(request, user)))
    device = two_factor.new_device(user)
    form = CodeForm(request.POST or None)
    problem = None
    if request.method == "POST":
        problem = _check(device, form)
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            two_factor_enrolled.send(User, request=request, user=user)
            messages.success(request, _("Two-factor sign-in is set up. Each sign-in will now ask for a code."))
            return HttpResponseRedirect(_next_url(request, user))
        if problem is not None:
            two_factor_failed.send(User, request=request, user=user)
    context = {
        "form": form,
        "problem": problem,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b2545", light="#fff"),
        "secret": two_factor.secret_text(device),
        "required": two_factor.must_use_two_factor(user),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "accounts/two_factor_enrol.html", context, status=400 if problem else 200)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code the authenticator app shows now."""
    user = request.user
    assert isinstance(user, User)
    device = two_factor.confirmed_device(user)
    if device is None:
        return HttpResponseRedirect(two_factor.step_url(two_factor.ENROL, _next_url(request, user)))
    if two_factor.is_verified(user):
        return HttpResponseRedirect(_next_url(request, user))
    form = CodeForm(request.POST or None)
    problem = None
    if request.method == "POST":
        problem = _check(device, form)
        if problem is None:
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request, user))
        if problem is not None:
            two_factor_failed.send(User, request=request, user=user)
    context = {"form": form, "problem": problem, "next": request.POST.get("next") or request.GET.get("next") or ""}
    return render(request, "accounts/two_factor_verify.html", context, status=400 if problem else 200)
