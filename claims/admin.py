from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from claims import review
from claims.models import (
    Assessment,
    Claim,
    ClaimLink,
    Rating,
    ReviewState,
    Speaker,
    SpeakerAlias,
    Statement,
    Tag,
)


def _move_to(to_state: ReviewState):
    """An admin action that moves the selected items through review.transition, one by one."""

    @admin.action(description=f"Move to: {to_state.label.lower()}")
    def action(modeladmin, request, queryset):
        moved, refused = 0, []
        for item in queryset:
            try:
                review.transition(
                    item,
                    to_state,
                    user=request.user,
                    base_version=item.version,
                    comment=f"Admin action: {to_state.label.lower()}.",
                )
                moved += 1
            except review.ReviewError as error:
                refused.append(f"{item.pk}: {error.message}")
        if moved:
            modeladmin.message_user(request, f"Moved {moved} to {to_state.label.lower()}.")
        if refused:
            modeladmin.message_user(request, "Not moved — " + "; ".join(refused), messages.WARNING)

    action.__name__ = f"move_to_{to_state.value}"
    return action


class VersionedForm(forms.ModelForm):
    """Carries the version the form was opened at; a save over someone else's is refused."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        base = cleaned.get("base_version")
        if self.instance.pk is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values("version")
            stored = current.first()
            if stored is not None and base != stored["version"]:
                raise forms.ValidationError(
                    f"Someone saved this since you opened it (version {base}, now "
                    f"{stored['version']}). Reload the page and make your change again."
                )
        return cleaned


class VersionedRowForm(VersionedForm):
    """An inline row: checked against the stored version only when it is changed or removed,
    so a row someone else saved meanwhile does not block an edit of its neighbours."""

    def clean(self):
        if not self.has_changed() and not self.data.get(f"{self.prefix}-DELETE"):
            return forms.ModelForm.clean(self)
        return super().clean()


class VersionedAdmin(SimpleHistoryAdmin):
    """The change form saves only over the version it was opened at (review.save_versioned);
    inlines and deletes go through claims/review.py too, so each leaves history with who."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((None, {"fields": ["base_version"], "classes": ["hidden"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        review.save_versioned(
            obj,
            user=request.user,
            base_version=form.cleaned_data["base_version"],
            comment="Changed in the admin.",
        )
        return None

    def delete_model(self, request, obj):
        review.delete(obj, user=request.user, comment="Deleted in the admin.")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        """Each inline row through claims/review.py: new links are proposed by this user,
        changed ones saved over the version the row was opened at, removed ones deleted."""
        if formset.model is SpeakerAlias:
            return _save_aliases(request, formset)
        if formset.model not in review.REVIEWABLE:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        opened_at = {id(row.instance): row.cleaned_data.get("base_version") for row in formset}
        for obj in formset.deleted_objects:
            review.delete(
                obj,
                user=request.user,
                base_version=opened_at[id(obj)],
                comment="Deleted in the admin.",
            )
        for obj in formset.new_objects:
            review.create(obj, user=request.user, comment="Added in the admin.")
        for obj, _fields in formset.changed_objects:
            review.save_versioned(
                obj,
                user=request.user,
                base_version=opened_at[id(obj)],
                comment="Changed in the admin.",
            )
        return None


def _save_aliases(request, formset) -> None:
    """Aliases decide who a statement is attributed to: added and removed through review."""
    formset.save(commit=False)
    for alias in formset.deleted_objects:
        review.remove_alias(alias, user=request.user, comment="Removed in the admin.")
    for alias in formset.new_objects:
        review.add_alias(alias.speaker, alias.name, user=request.user)


class ReviewedAdmin(VersionedAdmin):
    """Review state changes only through claims/review.py: actions, never the change form."""

    actions = [
        _move_to(ReviewState.PROPOSED),
        _move_to(ReviewState.ACCEPTED),
        _move_to(ReviewState.REJECTED),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += [name for name in ("state", "version") if name not in readonly]
        return readonly


class SpeakerAliasInline(admin.TabularInline):
    """Added or removed, not rewritten: each is one recorded change of the speaker."""

    model = SpeakerAlias
    extra = 1
    fields = ["name"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description="Merge the selected speakers into the one with most statements")
def merge_speakers(modeladmin, request, queryset):
    speakers = sorted(queryset.with_statement_count(), key=lambda s: (-s.statement_count, s.pk))
    if len(speakers) < 2:
        modeladmin.message_user(request, "Select two speakers or more.", messages.WARNING)
        return
    keep, moved = speakers[0], 0
    try:
        for gone in speakers[1:]:
            moved += review.merge_speakers(keep, gone, user=request.user, comment="Admin merge.")
    except review.ReviewError as error:
        modeladmin.message_user(request, f"Not merged — {error.message}", messages.WARNING)
        return
    modeladmin.message_user(request, f"Merged into {keep.name}: {moved} statements moved.")


@admin.register(Speaker)
class SpeakerAdmin(VersionedAdmin):
    actions = [merge_speakers]
    list_display = ["name", "kind", "role", "statement_count"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_statement_count()

    @admin.display(ordering="statement_count", description="Statements")
    def statement_count(self, speaker):
        return speaker.statement_count


class ClaimLinkInline(admin.TabularInline):
    model = ClaimLink
    form = VersionedRowForm  # a row saves only over the version it was opened at
    extra = 0
    fields = ["statement", "claim", "stance", "state", "score", "base_version"]
    readonly_fields = ["state"]
    raw_id_fields = ["statement", "claim"]


@admin.register(Statement)
class StatementAdmin(ReviewedAdmin):
    list_display = ["short_text", "speaker", "kind", "cue", "state", "source", "confidence"]
    list_filter = ["state", "kind", "source__outlet"]
    search_fields = ["text", "speaker__name", "speaker_mention", "cue", "cited"]
    list_select_related = ["speaker", "source"]
    raw_id_fields = ["source", "speaker", "cited_outlet", "created_by"]
    readonly_fields = ["prefix", "suffix", "version", "created_at", "updated_at"]
    inlines = [ClaimLinkInline]
    fieldsets = [
        (None, {"fields": ["source", "start", "end", "text", "prefix", "suffix", "kind"]}),
        (
            "Attribution",
            {
                "fields": [
                    "speaker",
                    "speaker_mention",
                    "mention_start",
                    "mention_end",
                    "cue",
                    "cue_start",
                    "cue_end",
                    "cited",
                    "cited_outlet",
                    "said_on",
                ]
            },
        ),
        (
            "Review",
            {
                "fields": [
                    "state",
                    "confidence",
                    "created_by",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description="Text")
    def short_text(self, statement):
        return statement.text[:90] + ("…" if len(statement.text) > 90 else "")


@admin.register(Claim)
class ClaimAdmin(ReviewedAdmin):
    list_display = ["text", "state", "statement_count", "created_at"]
    list_filter = ["state", "tags"]
    search_fields = ["text", "description", "slug"]
    filter_horizontal = ["tags"]
    raw_id_fields = ["created_by"]
    inlines = [ClaimLinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_statement_count()

    @admin.display(ordering="statement_count", description="Statements")
    def statement_count(self, claim):
        return claim.statement_count


@admin.register(ClaimLink)
class ClaimLinkAdmin(ReviewedAdmin):
    list_display = ["claim", "statement", "stance", "state", "score"]
    list_filter = ["state", "stance"]
    list_select_related = ["claim", "statement"]
    raw_id_fields = ["statement", "claim", "created_by"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    """The instance's rating scale: admins add, rename and order verdicts here. A verdict an
    assessment uses cannot be deleted (PROTECT); renaming it renames published verdicts."""

    list_display = ["value", "label", "description"]
    list_display_links = ["label"]
    ordering = ["value"]


@admin.register(Assessment)
class AssessmentAdmin(ReviewedAdmin):
    list_display = ["claim", "rating", "state", "created_by", "published_at"]
    list_filter = ["state", "rating"]
    list_select_related = ["claim", "rating", "created_by"]
    search_fields = ["summary", "note", "claim__text"]
    raw_id_fields = ["claim", "created_by"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
