"""Pages that show jobs and their progress; a running job's page polls itself with htmx."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from jobs.models import Job

RECENT_JOBS = 100


def _get_job_for_user(request, pk) -> Job:
    return get_object_or_404(
        Job.objects.visible_to(request.user).select_related("created_by"), pk=pk
    )


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("created_by")[:RECENT_JOBS]
    polling = any(not job.finished for job in jobs)
    template = "jobs/job_list.html#jobs" if request.htmx else "jobs/job_list.html"
    return render(request, template, {"jobs": jobs, "polling": polling})


@login_required
def job_detail(request, pk):
    job = _get_job_for_user(request, pk)
    template = "jobs/job_detail.html#status" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})
