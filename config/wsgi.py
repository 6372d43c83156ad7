"""The WSGI application, with what every request needs loaded before the first one comes:
the URLconf (with the API's, most of a worker's start) and the compiled templates, ours and
the form widgets'. Under
gunicorn's ``preload_app`` (gunicorn.conf.py) that happens once, before the workers fork."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()


def _warm_up() -> None:
    from pathlib import Path

    import django.forms
    from django.forms.renderers import get_default_renderer
    from django.template import engines
    from django.urls import URLResolver, get_resolver

    def walk(resolver):  # every URLconf imported, its patterns compiled, its names reversible
        resolver.reverse_dict  # noqa: B018
        for pattern in resolver.url_patterns:
            pattern.pattern.regex  # noqa: B018
            if isinstance(pattern, URLResolver):
                walk(pattern)

    walk(get_resolver())
    for engine in engines.all():
        for directory in engine.dirs:  # ours (TEMPLATES' DIRS), not every installed app's
            for path in Path(directory).rglob("*.html"):
                engine.get_template(str(path.relative_to(directory)))
    forms = Path(django.forms.__file__).parent / "templates"  # the widgets' own templates
    renderer = get_default_renderer()
    for path in forms.rglob("*.html"):
        renderer.get_template(str(path.relative_to(forms)))


_warm_up()
