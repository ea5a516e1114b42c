"""A member's own data: download it all, or delete the account."""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.data_export import export_account_data
from accounts.deletion import addressed_to_member
from accounts.errors import TOO_MANY_ATTEMPTS, AccountsError
from accounts.forms import DeleteAccountForm
from accounts.selectors import get_account_deletion_plan
from accounts.services import delete_own_account


@login_required
@require_http_methods(["GET"])
def your_data(request):
    return render(request, "accounts/data.html")


@login_required
@require_POST
def download_data(request):
    data = export_account_data(request.user)
    day = timezone.now().date().isoformat()
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"masteryhub-{request.user.username}-{day}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Everything about a person: no shared cache or back button keeps it.
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    plan = get_account_deletion_plan(user)
    form = DeleteAccountForm(request.POST or None, user=user)
    # The password check is a way to guess it from a session left signed
    # in: it shares the budget of allauth's change-password form.
    limited = request.method == "POST" and not ratelimit.consume(
        request, action="change_password", user=user
    )
    if limited:
        # Unbound: checking the guess would answer it.
        form = DeleteAccountForm(user=user)
    elif request.method == "POST" and not plan.blockers and form.is_valid():
        try:
            delete_own_account(user=user)
        except AccountsError as error:
            # Something came in the way since the page was shown.
            form.add_error(None, addressed_to_member(str(error.message)))
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account has been deleted. We have emailed the address "
                    "it had with what was done."
                ),
            )
            return redirect("/")
    status = 400 if request.method == "POST" else 200
    if limited:
        status = 429
    elif request.method == "POST" and plan.blockers:
        status = 409
    return render(
        request,
        "accounts/delete.html",
        {
            "blockers": [addressed_to_member(line) for line in plan.blockers],
            "effects": [addressed_to_member(line) for line in plan.effects],
            "form": form,
            "refusal": TOO_MANY_ATTEMPTS if limited else "",
        },
        status=status,
    )
