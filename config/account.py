"""The account page: who you are, your role, and the API token programs use to act as you."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            replaced, _ = Token.objects.filter(user=request.user).delete()
            Token.objects.create(user=request.user)
            messages.success(
                request,
                "A new API token was created; the old one no longer works."
                if replaced
                else "Your API token was created.",
            )
        elif action == "revoke":
            Token.objects.filter(user=request.user).delete()
            messages.success(request, "Your API token was revoked.")
        return redirect("account")
    token = Token.objects.filter(user=request.user).first()
    roles = [group.name for group in request.user.groups.all()]
    return render(request, "account.html", {"token": token, "roles": roles})
