"""The baseline for browser timings: a bare Streamlit app, started exactly like the atlas."""

import streamlit as st

st.write("Hello")
