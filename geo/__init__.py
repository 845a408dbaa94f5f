"""Geography of Integration Atlas: the 13 regions, places and boundaries (no Streamlit here)."""
