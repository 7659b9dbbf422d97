from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import roster from a CSV or XLSX file (idempotent by employee number)."
    kind = "roster"
