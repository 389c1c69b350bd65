"""Reads /metrics with the Prometheus project's own Python parser (Debian's python3-prometheus-client) and
prints what it understood: one "TYPE name type" line per family, then one "name{label=value,...} value"
line per sample, in the order given. It fails (exit 1) on text the parser rejects.

Usage: metrics.py URL
"""
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main():
    with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
        text = r.read().decode("utf-8")
    for family in text_string_to_metric_families(text):
        print(f"TYPE {family.name} {family.type}")
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            print(f"{s.name}{{{labels}}} {s.value:g}")


if __name__ == "__main__":
    main()
