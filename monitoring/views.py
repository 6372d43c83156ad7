"""The inbox, the watches page, and each watch's Atom feed."""

from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from monitoring.forms import WatchForm
from monitoring.models import Notification, Watch

INBOX_PAGE = 100
ATOM_ENTRIES = 50


def _notifications_for(user):
    return Notification.objects.for_user(user).select_related(
        "watch__claim", "watch__speaker", "statement__speaker", "statement__source__outlet"
    )


@permission_required("claims.view_claim", raise_exception=True)
def inbox(request):
    notifications = _notifications_for(request.user)
    watch_id = request.GET.get("watch", "")
    if watch_id.isdigit():
        notifications = notifications.filter(watch_id=int(watch_id))
    entries = list(notifications[:INBOX_PAGE])
    unread = sum(1 for n in entries if n.read_at is None)
    return render(request, "monitoring/inbox.html", {"entries": entries, "unread": unread})


@permission_required("claims.view_claim", raise_exception=True)
def unread_count(request):
    """The header's badge, loaded by htmx so other pages spend no query on it."""
    count = Notification.objects.for_user(request.user).unread().count()
    return render(request, "monitoring/inbox.html#badge", {"count": count})


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def mark_read(request):
    """Mark one entry (``notification``) or every entry read."""
    unread = Notification.objects.for_user(request.user).unread()
    if request.POST.get("notification", "").isdigit():
        unread = unread.filter(pk=int(request.POST["notification"]))
    unread.update(read_at=timezone.now())
    return redirect("monitoring:inbox")


@permission_required("claims.view_claim", raise_exception=True)
def watch_list(request):
    form = WatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.user = request.user
        watch = form.save()
        return redirect(watch.get_absolute_url() if request.POST.get("next") != "list" else
                        "monitoring:watch_list")  # fmt: skip
    watches = Watch.objects.for_user(request.user).select_related("claim", "speaker")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "monitoring/watch_list.html", {"form": form, "watches": watches}, status=status
    )


@require_POST
@permission_required("claims.view_claim", raise_exception=True)
def watch_delete(request, pk):
    # Deleting what is gone (or never yours) ends where deleting yours does.
    Watch.objects.for_user(request.user).filter(pk=pk).delete()
    return redirect("monitoring:watch_list")


@login_not_required
def watch_atom(request, token):
    """A watch's notifications as Atom; the secret token in the URL is the credential, so a
    feed reader needs no session."""
    watch = Watch.objects.filter(token=token).select_related("claim", "speaker").first()
    if watch is None:
        raise Http404
    entries = Notification.objects.filter(watch=watch).select_related(
        "statement__speaker", "statement__source__outlet"
    )[:ATOM_ENTRIES]
    body = render_to_string(
        "monitoring/watch.atom",
        {
            "watch": watch,
            "entries": entries,
            "updated": entries[0].created_at if entries else watch.created_at,
            "base": request.build_absolute_uri("/")[:-1],
        },
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
