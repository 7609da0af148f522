"""Prints what the Prometheus Python client's parsers read from an exposition, as JSON lines.

Usage: /usr/bin/python3 parse_exposition.py text|openmetrics < exposition

"text" uses prometheus_client.parser (Prometheus text 0.0.4), "openmetrics" uses
prometheus_client.openmetrics.parser. Each family prints one line
  {"family": name, "type": type, "help": help, "unit": unit}
followed by one line per sample
  {"sample": name, "family": family name, "labels": {...}, "value": repr(float)}
Values are repr() strings ("nan", "inf", "-inf", "0.30000000000000004") so that NaN and the
infinities survive JSON and every float round-trips exactly. A parse error ends the script
with a traceback and exit code 1.
"""
import json
import sys

from prometheus_client.openmetrics.parser import \
    text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text

PARSERS = {"text": parse_text, "openmetrics": parse_openmetrics}


def emit(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=True, sort_keys=True) + "\n")


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in PARSERS:
        sys.exit("usage: parse_exposition.py text|openmetrics < exposition")
    parse = PARSERS[sys.argv[1]]
    text = sys.stdin.buffer.read().decode("utf-8")
    for family in parse(text):
        emit({"family": family.name, "type": family.type,
              "help": family.documentation, "unit": family.unit})
        for sample in family.samples:
            emit({"sample": sample.name, "family": family.name,
                  "labels": dict(sample.labels), "value": repr(float(sample.value))})


if __name__ == "__main__":
    main()
