"""The Lark grammar of the report layout (report.lark), shipped as package data."""
