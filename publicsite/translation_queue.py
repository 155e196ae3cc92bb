"""The translation queue: what changed in English since its Spanish, Somali and Hmong were saved.

Every table with fields translated per language (each app's translation.py) has a row trigger
that keeps publicsite.TranslationStatus: one row per object, field with English text and other
language, stamped with the database's clock when the English or that language's text changes.
A trigger and not a signal because imports, bulk updates, data migrations and a shell change
content as surely as the admin (docs/decisions/translation-queue.md). Staff add the review
(TranslationStatus.mark_reviewed).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from modeltranslation.translator import translator

from publicsite.models import TranslationStatus

TRIGGER_NAME = "publicsite_translation_tracked"
ROWS_PER_PAGE = 50
RECENT_REVIEWS = 10
# Hand-written SQL because only a trigger sees every write in its transaction (see above). Its
# arguments: the other languages ("es,so,hmn"), then the table's translated fields. The clock is
# clock_timestamp(), not now(): two changes in one transaction must still come in order.
TRACK_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION publicsite_track_translations() RETURNS trigger AS $$
DECLARE
    languages text[] := string_to_array(TG_ARGV[0], ',');
    stamp timestamptz := clock_timestamp();
    new_row jsonb;
    old_row jsonb := '{}'::jsonb;
    column_name text;
    lang text;
    source_text text;
    source_changed boolean;
    translated_text text;
    translated_changed boolean;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN  -- a TRUNCATE
        DELETE FROM publicsite_translationstatus WHERE content_table = TG_TABLE_NAME;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        DELETE FROM publicsite_translationstatus WHERE content_table = TG_TABLE_NAME AND object_id = OLD.id;
        RETURN NULL;
    END IF;
    new_row := to_jsonb(NEW);
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD);
    END IF;
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        column_name := TG_ARGV[i];
        source_text := coalesce(new_row ->> (column_name || '_en'), '');
        -- A field without English has nothing to translate.
        IF source_text = '' THEN
            DELETE FROM publicsite_translationstatus
            WHERE content_table = TG_TABLE_NAME AND object_id = NEW.id AND field = column_name;
            CONTINUE;
        END IF;
        source_changed := source_text <> coalesce(old_row ->> (column_name || '_en'), '');
        FOREACH lang IN ARRAY languages LOOP
            translated_text := coalesce(new_row ->> (column_name || '_' || lang), '');
            translated_changed := translated_text <> coalesce(old_row ->> (column_name || '_' || lang), '');
            IF source_changed OR translated_changed THEN
                INSERT INTO publicsite_translationstatus (
                    content_table, object_id, field, language, english, has_text, english_changed_at,
                    translated_at
                )
                VALUES (
                    TG_TABLE_NAME, NEW.id, column_name, lang, left(source_text, 200), translated_text <> '',
                    CASE WHEN source_changed THEN stamp END, CASE WHEN translated_changed THEN stamp END
                )
                ON CONFLICT (content_table, object_id, field, language) DO UPDATE SET
                    english = EXCLUDED.english,
                    has_text = EXCLUDED.has_text,
                    english_changed_at = coalesce(
                        EXCLUDED.english_changed_at, publicsite_translationstatus.english_changed_at
                    ),
                    translated_at = coalesce(
                        EXCLUDED.translated_at, publicsite_translationstatus.translated_at
                    )
                -- Only a copy of the database restored with the queue first inserts content the
                -- queue already has rows for: those rows are the copy's, and stay as they are.
                WHERE TG_OP = 'UPDATE';
            END IF;
        END LOOP;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def other_languages() -> list[str]:
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [code for code, _name in settings.LANGUAGES if code != default]


def translated_fields() -> dict[str, list[str]]:
    """Each table with translated fields, and those fields, as the apps' translation.py register them."""
    return {
        model._meta.db_table: sorted(translator.get_options_for_model(model).fields)
        for model in translator.get_registered_models()
    }


def track_translations(fields: dict[str, list[str]]) -> tuple[Callable, Callable]:
    """A migration operation's code: make each table keep the queue for its fields (the fields as
    the migration names them, since a migration must not follow later code), and fill the queue
    with the rows as they stand: translations there count as current, missing ones wait from now."""

    def forwards(apps, schema_editor):
        quote = schema_editor.quote_name
        languages = other_languages()
        schema_editor.execute(TRACK_FUNCTION_SQL)
        for table, names in fields.items():
            arguments = ", ".join(f"'{name}'" for name in [",".join(languages), *names])
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE "
                f"ON {quote(table)} FOR EACH ROW EXECUTE FUNCTION publicsite_track_translations({arguments})"
            )
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME}_all AFTER TRUNCATE ON {quote(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION publicsite_track_translations({arguments})"
            )
            for name in names:
                for language in languages:
                    english, translated = quote(f"{name}_en"), quote(f"{name}_{language}")
                    # Table and columns named by the migration, quoted; the values are parameters.
                    schema_editor.execute(
                        "INSERT INTO publicsite_translationstatus (content_table, object_id, field, "  # noqa: S608
                        "language, english, has_text, english_changed_at) "
                        f"SELECT %s, id, %s, %s, left({english}, 200), coalesce({translated}, '') <> '', "
                        f"CASE WHEN coalesce({translated}, '') = '' THEN statement_timestamp() END "
                        f"FROM {quote(table)} WHERE coalesce({english}, '') <> '' "
                        "ON CONFLICT (content_table, object_id, field, language) DO NOTHING",
                        [table, name, language],
                    )

    def backwards(apps, schema_editor):
        for table in fields:
            for name in (TRIGGER_NAME, f"{TRIGGER_NAME}_all"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {schema_editor.quote_name(table)}")

    return forwards, backwards


@dataclass
class Editable:
    """A model whose translations a staff member may edit, and the admin page they edit them on."""

    model: type[models.Model]
    # Edited on another model's page (an inline), through this foreign key; None on its own page.
    parent_field: models.ForeignKey | None = None

    @property
    def page_model(self):
        return self.parent_field.related_model if self.parent_field else self.model


def _editables() -> dict[str, Editable]:
    """Each translated table's model and where the admin edits it (its own page, or an inline)."""
    editables = {}
    for model in translator.get_registered_models():
        if admin.site.is_registered(model):
            editables[model._meta.db_table] = Editable(model)
            continue
        for parent, model_admin in admin.site._registry.items():
            if any(inline.model is model for inline in model_admin.inlines):
                field = next(f for f in model._meta.fields if f.is_relation and f.related_model is parent)
                editables[model._meta.db_table] = Editable(model, field)
    return editables


def editable_by(user) -> dict[str, Editable]:
    """The translated tables whose content the user may change in the admin, by table."""
    return {
        table: editable
        for table, editable in _editables().items()
        if user.has_perm(
            f"{editable.page_model._meta.app_label}.change_{editable.page_model._meta.model_name}"
        )
    }


def waiting_counts(editables: dict[str, Editable]) -> dict[str, int]:
    """How many translations of these tables wait in each language: one query."""
    waiting = TranslationStatus.objects.waiting().filter(content_table__in=editables)
    return waiting.aggregate(
        **{language: Count("pk", filter=Q(language=language)) for language in other_languages()}
    )


@dataclass
class QueueRow:
    status: TranslationStatus
    kind: str
    field: str
    edit_url: str


def queue_page(editables: dict[str, Editable], language: str, number) -> Page:
    """One page of what waits in the language, longest waiting first, each with where to edit it."""
    waiting = (
        TranslationStatus.objects.waiting()
        .filter(language=language, content_table__in=editables)
        .select_related("reviewed_by")
        .order_by("since", "pk")
    )
    page = Paginator(waiting, ROWS_PER_PAGE).get_page(number)
    page.object_list = rows(page.object_list, editables)
    return page


def recent_reviews(editables: dict[str, Editable], language: str) -> list[QueueRow]:
    """The last reviews in the language, with who made them."""
    reviewed = (
        TranslationStatus.objects.filter(
            language=language, content_table__in=editables, reviewed_at__isnull=False
        )
        .select_related("reviewed_by")
        .order_by("-reviewed_at", "-pk")[:RECENT_REVIEWS]
    )
    return rows(reviewed, editables)


def rows(statuses: Iterable[TranslationStatus], editables: dict[str, Editable]) -> list[QueueRow]:
    """Each status with what it is (the kind of content, the field) and the link that edits it."""
    statuses = list(statuses)
    # Content edited inline is edited on its parent's page: one query per such model on the page.
    parents = {}
    for table, editable in editables.items():
        ids = [status.object_id for status in statuses if status.content_table == table]
        if editable.parent_field and ids:
            parents[table] = dict(
                editable.model.objects.filter(pk__in=ids).values_list("pk", editable.parent_field.attname)
            )
    found = []
    for status in statuses:
        editable = editables[status.content_table]
        meta = editable.page_model._meta
        change = f"admin:{meta.app_label}_{meta.model_name}_change"
        if editable.parent_field:
            url = reverse(change, args=[parents[status.content_table][status.object_id]])
        else:
            # To the field itself, as the admin names its input.
            url = reverse(change, args=[status.object_id]) + f"#id_{status.field}_{status.language}"
        model = editable.model._meta
        found.append(QueueRow(status, model.verbose_name, model.get_field(status.field).verbose_name, url))
    return found
