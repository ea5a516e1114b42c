"""Consent pages: email preferences, unsubscribing, the newsletter form.
Parse, call one service, answer."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.email_preferences import get_email_preferences
from marketing import consent
from marketing.forms import EmailPreferencesForm, NewsletterForm
from marketing.unsubscribe import read_token


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request):
    preferences = get_email_preferences(request.user)
    form = EmailPreferencesForm(request.POST or None, preferences=preferences)
    if request.method == "POST" and form.is_valid():
        consent.set_member_preferences(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("marketing_email_preferences")
    return render(request, "marketing/email_preferences.html", {"form": form})


# Mail apps send RFC 8058's one-click POST with no cookie and no CSRF
# token; the signed token in the URL is what proves the link is ours.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET only asks (mail scanners follow links and must not unsubscribe
    anyone); POST, from our button or the mail app, takes effect at once."""
    data = read_token(token)
    whom = consent.describe_unsubscribe_token(data) if data else None
    if whom is None:
        return render(request, "marketing/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        whom = consent.unsubscribe(data=data, one_click=one_click)
        return render(request, "marketing/unsubscribed.html", {"whom": whom})
    return render(request, "marketing/unsubscribe.html", {"whom": whom, "token": token})


# No CSRF token, so pages carrying this footer form stay cacheable. A forged
# post can only ask an address's owner to confirm, which double opt-in
# makes harmless; the rate limit keeps it from flooding an inbox.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def newsletter_subscribe(request):
    form = NewsletterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        limited = ratelimit.consume_or_429(request, action="newsletter_subscribe")
        if limited:
            return limited
        consent.request_newsletter_subscription(email=form.cleaned_data["email"])
        return render(
            request,
            "marketing/newsletter_check_inbox.html",
            {"email": form.cleaned_data["email"]},
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "marketing/newsletter.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request, token: str):
    """GET shows a button; POST confirms (scanners must not confirm)."""
    if request.method == "POST":
        confirmed = consent.confirm_newsletter_subscription(token=token)
        status = 200 if confirmed else 400
        return render(
            request,
            "marketing/newsletter_confirmed.html",
            {"confirmed": confirmed},
            status=status,
        )
    return render(request, "marketing/newsletter_confirm.html", {"token": token})
