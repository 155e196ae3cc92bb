import ast
from pathlib import Path

import reporting


def test_reporting_imports_neither_pilots_nor_publicsite():
    imported = set()
    for path in Path(reporting.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])

    assert not imported & {"pilots", "publicsite"}
