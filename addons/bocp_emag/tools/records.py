"""Small record helpers shared by the eMAG models."""

import hmac


def upsert(model, existing, vals_list, key):
    """Write the records already known, create the others in one call.

    :param model: an empty recordset of the model
    :param existing: ``{key value: record}`` of the known records; the created
        ones are added to it (a later batch then updates them)
    :param vals_list: the values read from eMAG
    :param key: the field identifying a record in ``vals_list`` (``emag_id``)
    :return: the records written or created
    """
    written = model.browse()
    to_create = []
    for vals in vals_list:
        record = existing.get(vals[key])
        if record:
            record.write(vals)
            written |= record
        else:
            to_create.append(vals)
    created = model.create(to_create)
    existing.update(
        (vals[key], record) for vals, record in zip(to_create, created, strict=True)
    )
    return written | created


def find_by_token(model, field, token, min_length):
    """The record (as superuser) whose secret ``field`` is exactly ``token``.

    Too short a token finds nothing; the final comparison is constant-time.
    """
    if not token or len(token) < min_length:
        return model.browse()
    record = model.sudo().search([(field, "=", token)], limit=1)
    if record and hmac.compare_digest(record[field], token):
        return record
    return model.browse()
