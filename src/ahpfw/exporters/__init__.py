"""Exporters: one module per format, each ``export(fw, out_dir) -> list[Path]``.

Every exporter is a pure function of the loaded framework: the same framework
gives byte-identical files.
"""
