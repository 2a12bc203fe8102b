"""Benchmark Eén tegen eenzaamheid: from a year's survey export to indicator tables.

Stages, one module each:
    codebook   -- the questionnaire (data/raw/codebook.yaml)
    geo        -- CBS municipality/province boundaries and the municipality register
    rawdata    -- reading a raw export (delimiter, encoding)
    validate   -- checking a raw export against the codebook
    process    -- raw export -> processed indicator tables in data/processed/<year>/
    synthetic  -- the deterministic generator of the synthetic raw exports
"""
