#pragma once

#include "StoredEvent.h"

class Catalog;

/// An event read from an export (NDJSON record or HAR entry), before it is stored under a new id.
struct ImportedEvent
{
    /// The envelope fields a source can carry; the ones it doesn't are read from the body again.
    enum Field {
        Event = 0x01,
        Channel = 0x02,
        Action = 0x04,
        Environment = 0x08,
        IdempotencyKey = 0x10,
        Message = 0x20,
        Problems = 0x40,
    };

    StoredEvent event;
    int carried = 0; ///< the Fields the source carried (present, even when null)

    /// Why the event can't be stored as a captured request could have been (a method that is not a
    /// token, a header the history can't hold...); empty when it can.
    QString problem() const;
    /// Fills in what the history derives: the path and content type from the request, and the
    /// envelope fields the source didn't carry, read from the body as at capture.
    void complete(const Catalog& catalog);
};
