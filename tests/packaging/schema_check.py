"""What the schema checks of witness's JSON documents share: loading a
schema, and checking one document against it and its "schema": 1."""
import json
import pathlib

import jsonschema


def load_validator(path):
    """A Draft 7 validator of the schema at `path`, itself checked first."""
    schema = json.loads(pathlib.Path(path).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def check_document(validator, name, document, failures):
    """Adds to `failures` each way `document` (from the command `name`)
    breaks the schema, and a "schema" other than 1."""
    for error in validator.iter_errors(document):
        failures.append(f"{name}: the schema rejects what witness wrote: {error.message} at "
                        f"/{'/'.join(map(str, error.absolute_path))}")
    if document.get("schema") != 1:
        failures.append(f"{name}: \"schema\" is {document.get('schema')!r}, not 1")
