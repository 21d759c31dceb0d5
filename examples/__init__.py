"""The example app: every seed example as cdktf code (see main.py)."""
