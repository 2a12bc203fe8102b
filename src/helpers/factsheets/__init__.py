"""Per-municipality outputs: one confidential factsheet per responding municipality,
never part of the public site (`python -m helpers.factsheets`).

    factsheet   the factsheet's content with disclosure control, and the batch (on the
                notebook engine of helpers.build)
"""
