from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import selectors as account_selectors
from accounts.services import ensure_profile


@login_required
def dashboard(request):
    user = request.user
    profile = ensure_profile(user=user)
    return render(
        request,
        "home/dashboard.html",
        {
            "profile": profile,
            "completeness": account_selectors.get_profile_completeness(profile),
            "email_verified": account_selectors.has_verified_email(user),
            "has_totp": account_selectors.has_totp(user),
            "expert_application": account_selectors.get_latest_expert_application(user),
        },
    )
