"""Bulk data for the printer rental benchmarks (bench_readings, bench_billing).

Rows are written with set-based SQL (INSERT ... SELECT generate_series) in the
shape the ORM would give them: readings chained to their previous reading,
pages and amounts filled in, printers pointing at their dossier and last
reading. Generating 100,000 readings this way takes seconds, not hours.
"""

from odoo import Command
from odoo.tools import SQL

COUNTER_XMLIDS = (
    "bocp_printer_rental.counter_type_bw",
    "bocp_printer_rental.counter_type_color",
    "bocp_printer_rental.counter_type_scan",
)


def setup_catalogue(env, price=0.05):
    """A three-counter printer type; returns (printer type, counter types)."""
    counters = env["bocp.counter.type"]
    for xmlid in COUNTER_XMLIDS:
        counters |= env.ref(xmlid)
    ptype = env["bocp.printer.type"].create(
        {
            "name": "Bench MFP 3 counters",
            "counter_type_ids": [Command.set(counters.ids)],
        }
    )
    counters.write({"default_price": price})
    return ptype, counters


def create_partners(env, count, prefix="Bench client"):
    vals = [{"name": f"{prefix} {i:05d}", "is_company": True} for i in range(count)]
    return env["res.partner"].create(vals)


def bulk_rentals(env, ptype, counters, partners, first, count, per_partner, start):
    """`count` rented printers numbered from `first`, each with one active
    dossier of the `partners` (`per_partner` dossiers each) since `start`.
    Returns the new dossier ids."""
    cr = env.cr
    company = env.company.id
    cr.execute(
        SQL(
            """
            INSERT INTO bocp_printer (code, serial_number, printer_type_id, company_id,
                                      state, active, create_uid, write_uid,
                                      create_date, write_date)
            SELECT 'BENCH' || lpad(g::text, 7, '0'), 'SN' || g, %(ptype)s, %(company)s,
                   'rented', true, 1, 1, now(), now()
              FROM generate_series(%(first)s, %(last)s) g
             ORDER BY g
            RETURNING id
            """,
            ptype=ptype.id,
            company=company,
            first=first,
            last=first + count - 1,
        )
    )
    printer_ids = sorted(row[0] for row in cr.fetchall())
    cr.execute(
        SQL(
            """
            INSERT INTO bocp_rental (name, partner_id, printer_id, company_id, state,
                                     date_start, billing_period, user_id, create_uid,
                                     write_uid, create_date, write_date)
            SELECT 'DOS/BENCH/' || p.id,
                   (%(partners)s::int[])[mod((p.n - 1) / %(per)s, %(npartners)s) + 1],
                   p.id, %(company)s, 'active', %(start)s, '1', 1, 1, 1, now(), now()
              FROM unnest(%(printers)s::int[]) WITH ORDINALITY AS p(id, n)
             ORDER BY p.n
            RETURNING id
            """,
            partners=partners.ids,
            per=per_partner,
            npartners=len(partners),
            company=company,
            start=start,
            printers=printer_ids,
        )
    )
    rental_ids = sorted(row[0] for row in cr.fetchall())
    cr.execute(
        SQL(
            """
            INSERT INTO bocp_rental_line (rental_id, company_id, sequence,
                                          counter_type_id, price, create_uid,
                                          write_uid, create_date, write_date)
            SELECT r.id, r.company_id, c.sequence, c.id, c.default_price, 1, 1,
                   now(), now()
              FROM bocp_rental r, bocp_counter_type c
             WHERE r.id = ANY(%(rentals)s) AND c.id = ANY(%(counters)s)
            """,
            rentals=rental_ids,
            counters=counters.ids,
        )
    )
    cr.execute(
        SQL(
            "UPDATE bocp_printer p SET rental_id = r.id, partner_id = r.partner_id "
            "FROM bocp_rental r WHERE r.printer_id = p.id AND r.id = ANY(%s)",
            rental_ids,
        )
    )
    return rental_ids


def bulk_readings(env, rental_ids, months, start, step_days=30, pages=1000):
    """A handover reading on `start`, then `months` monthly readings, three
    counters each, every counter growing by about `pages` a month."""
    cr = env.cr
    cr.execute(
        SQL(
            """
            INSERT INTO bocp_reading (rental_id, printer_id, partner_id, company_id,
                                      date, source, user_id, create_uid, write_uid,
                                      create_date, write_date)
            SELECT r.id, r.printer_id, r.partner_id, r.company_id,
                   %(start)s::date + k * %(step)s,
                   CASE WHEN k = 0 THEN 'handover' ELSE 'manual' END,
                   1, 1, 1, now(), now()
              FROM bocp_rental r, generate_series(0, %(months)s) k
             WHERE r.id = ANY(%(rentals)s)
          ORDER BY r.id, k
            """,
            start=start,
            step=step_days,
            months=months,
            rentals=rental_ids,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO bocp_reading_line (reading_id, rental_id, printer_id,
                                           printer_type_id, partner_id, company_id,
                                           date, source, counter_type_id, value,
                                           price_unit, pages, amount,
                                           create_uid, write_uid, create_date,
                                           write_date)
            SELECT rd.id, rd.rental_id, rd.printer_id, p.printer_type_id,
                   rd.partner_id, rd.company_id, rd.date, rd.source,
                   rl.counter_type_id,
                   10000 + (rd.date - %(start)s::date) / %(step)s * %(pages)s
                         + mod(rd.printer_id, 97) * 13,
                   rl.price, 0, 0, 1, 1, now(), now()
              FROM bocp_reading rd
              JOIN bocp_printer p ON p.id = rd.printer_id
              JOIN bocp_rental_line rl ON rl.rental_id = rd.rental_id
             WHERE rd.rental_id = ANY(%(rentals)s)
            """,
            start=start,
            step=step_days,
            pages=pages,
            rentals=rental_ids,
        )
    )
    # Chain each line to the previous one of its printer and counter, then
    # the pages and amounts the ORM computes.
    cr.execute(
        SQL(
            """
            WITH chain AS (
                SELECT id, lag(id) OVER w AS prev_id, value - lag(value) OVER w AS pages
                  FROM bocp_reading_line
                 WHERE rental_id = ANY(%(rentals)s)
                WINDOW w AS (PARTITION BY printer_id, counter_type_id
                             ORDER BY date, id)
            )
            UPDATE bocp_reading_line l
               SET previous_line_id = chain.prev_id,
                   pages = CASE WHEN l.source = 'handover' THEN 0
                                ELSE COALESCE(chain.pages, 0) END,
                   amount = CASE WHEN l.source = 'handover' THEN 0
                                 ELSE COALESCE(chain.pages, 0) * l.price_unit END
              FROM chain
             WHERE chain.id = l.id
            """,
            rentals=rental_ids,
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE bocp_reading rd
               SET pages_total = s.pages, amount_total = s.amount
              FROM (SELECT reading_id, sum(pages) AS pages, sum(amount) AS amount
                      FROM bocp_reading_line
                     WHERE rental_id = ANY(%(rentals)s)
                  GROUP BY reading_id) s
             WHERE s.reading_id = rd.id
            """,
            rentals=rental_ids,
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE bocp_printer p
               SET last_reading_id = last.id, last_reading_date = last.date
              FROM (SELECT DISTINCT ON (printer_id) printer_id, id, date
                      FROM bocp_reading
                     WHERE rental_id = ANY(%(rentals)s)
                  ORDER BY printer_id, date DESC, id DESC) last
             WHERE last.printer_id = p.id
            """,
            rentals=rental_ids,
        )
    )


def analyze(env):
    """Fresh planner statistics, as autovacuum would give a live database."""
    for table in (
        "bocp_printer",
        "bocp_rental",
        "bocp_rental_line",
        "bocp_reading",
        "bocp_reading_line",
        "res_partner",
    ):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
