#!/usr/bin/env python3
"""Writes a C++ file defining a std::string_view with a text file's contents.

Usage: embed_text.py INPUT OUTPUT NAME HEADER
The build embeds configs/demo-ring.yaml this way, so the default the daemon
runs and the file in the tree cannot differ.
"""
import sys

source, output, name, header = sys.argv[1:5]
text = open(source, encoding="utf-8").read()
delimiter = "sctpdp_embedded"
if ")" + delimiter in text:
    sys.exit(f"{source}: contains the raw string delimiter")
with open(output, "w", encoding="utf-8") as out:
    out.write(f'#include "{header}"\n\nnamespace sctpdp {{\n\n')
    out.write(f'extern const std::string_view {name} = R"{delimiter}({text}){delimiter}";\n\n')
    out.write("}  // namespace sctpdp\n")
