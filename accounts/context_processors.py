from functools import cache


def account_prompts(request):
    """`mfa_prompt` is true for staff and experts without 2FA.

    It is a callable so pages that never show the banner never query for it.
    """

    @cache
    def mfa_prompt() -> bool:
        from accounts.selectors import should_prompt_for_mfa

        user = getattr(request, "user", None)
        # Already on the 2FA pages: the banner would only repeat them.
        if request.path.startswith("/accounts/2fa/"):
            return False
        return should_prompt_for_mfa(user)

    return {"mfa_prompt": mfa_prompt}
