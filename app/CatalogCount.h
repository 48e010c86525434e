#pragma once

#include <QString>

/// How many events of one channel event arrived in one environment (EventStore::catalogCounts).
struct CatalogCount
{
    QString channel;
    QString action;
    QString environment; ///< "" when the envelope had none
    qint64 count = 0;
    qint64 lastSeenMs = 0; ///< the newest received_at
    qint64 lastId = 0; ///< the newest id
};
