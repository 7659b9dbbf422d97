def preferences(request):
    return {}
