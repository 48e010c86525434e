#pragma once

#include "CapturedRequest.h"
#include "Envelope.h"

#include <QList>

/// A request on its way from a connection to the writer thread.
struct IngestItem
{
    CapturedRequest request;
    Envelope envelope; ///< read on the capture thread, so the writer thread only writes
    quint64 connectionId = 0;
    quint64 sequence = 0; ///< the answer slot on that connection
    int responseStatus = 200; ///< what the connection will answer once it is stored (scripted answers)
};

/// What became of an IngestItem: the stored id (0 when not stored) and the status to answer.
struct IngestResult
{
    quint64 connectionId = 0;
    quint64 sequence = 0;
    qint64 eventId = 0;
    int status = 0;
};

using IngestResults = QList<IngestResult>;
