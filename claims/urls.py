from django.urls import path

from claims import (
    annotate_views,
    assessment_views,
    list_views,
    review_views,
    suggestion_views,
    views,
)

app_name = "claims"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/options/", annotate_views.claim_options, name="claim_options"),
    path("speakers/options/", annotate_views.speaker_options, name="speaker_options"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("speakers/", list_views.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker_detail"),
    path("statements/", list_views.statement_list, name="statement_list"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
]

# A claim's assessment (claims/assessment_views.py).
urlpatterns += [
    path(
        "claims/<slug:slug>/assessment/",
        assessment_views.assessment_section,
        name="assessment_section",
    ),
    path(
        "claims/<slug:slug>/assessment/propose/",
        assessment_views.assessment_propose,
        name="assessment_propose",
    ),
    path(
        "claims/<slug:slug>/assessment/<int:pk>/transition/",
        assessment_views.assessment_transition,
        name="assessment_transition",
    ),
]

# The source reader's panel (claims/annotate_views.py); its review decisions and
# corrections post to review_transition / review_edit below, as the review pages do.
urlpatterns += [
    path("statements/<int:pk>/panel/", annotate_views.statement_panel, name="statement_panel"),
    path("statements/<int:pk>/link/", annotate_views.statement_link, name="statement_link"),
    path("sources/<int:pk>/statements/", annotate_views.statement_create, name="statement_create"),
]

# Review workflow (claims/review_views.py): one route per review action, for every page.
urlpatterns += [
    path("review/", review_views.review_queue, name="review_queue"),
    path("review/progress/", review_views.review_progress, name="review_progress"),
    path("review/suggestions/", suggestion_views.review_suggestions, name="review_suggestions"),
    path("review/<str:kind>/<int:pk>/", review_views.review_item, name="review_item"),
    path(
        "review/<str:kind>/<int:pk>/transition/",
        review_views.review_transition,
        name="review_transition",
    ),
    path("review/<str:kind>/<int:pk>/edit/", review_views.review_edit, name="review_edit"),
    path("review/<str:kind>/<int:pk>/claim/", review_views.review_claim, name="review_claim"),
    path(
        "review/sources/<int:pk>/accept-clean/",
        review_views.review_accept_clean,
        name="review_accept_clean",
    ),
    path("review/sources/<int:pk>/compare/", review_views.review_compare, name="review_compare"),
    path("review/sources/<int:pk>/assign/", review_views.review_assign, name="review_assign"),
    path("review/sources/<int:pk>/resolve/", review_views.review_resolve, name="review_resolve"),
]
