from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render


@login_required
def profile_edit(request):
    return render(request, "accounts/profile_edit.html")


def member_profile(request, username):
    raise Http404
