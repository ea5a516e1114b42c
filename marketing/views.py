"""Consent pages: email preferences, unsubscribing, the newsletter form."""

from django.http import HttpResponse


def email_preferences(request):
    return HttpResponse(status=501)


def unsubscribe(request, token: str):
    return HttpResponse(status=501)


def newsletter_subscribe(request):
    return HttpResponse(status=501)


def newsletter_confirm(request, token: str):
    return HttpResponse(status=501)
