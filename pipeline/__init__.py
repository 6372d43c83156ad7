"""What needs both sources and claims: ingestion (store → extract → match), the upload page
and POST /api/sources/, ``manage.py ingest`` and ``manage.py demo``, and what each kind of
background job does. It sits above sources, claims and jobs; none of them imports it."""
