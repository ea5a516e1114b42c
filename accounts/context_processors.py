def account_prompts(request):
    return {}
