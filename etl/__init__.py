"""ETL for Integration Atlas: raw files → validated DuckDB database (``python -m etl``).

No Streamlit here: the ETL runs from the command line and in plain pytest.
"""
