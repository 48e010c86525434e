#include "IdQueryWorker.h"

#include "EventStore.h"

#include <algorithm>

namespace {

/// @p ids (newest first) without those above @p upTo.
QList<qint64> notAbove(QList<qint64> ids, qint64 upTo)
{
    ids.erase(ids.cbegin(), std::find_if(ids.cbegin(), ids.cend(), [&](qint64 id) { return id <= upTo; }));
    return ids;
}

} // namespace

IdQueryWorker::IdQueryWorker(const QString& dbPath)
    : m_dbPath(dbPath)
{
}

IdQueryWorker::~IdQueryWorker() = default;

void IdQueryWorker::run(const Query& query)
{
    QList<qint64> page;
    if (query.firstPage <= 0) {
        QList<qint64> all;
        if (!superseded(query.generation) && list(query, 0, &all)) {
            emit allIds(query.generation, notAbove(all, query.upTo));
        }
    } else if (!superseded(query.generation) && list(query, query.firstPage, &page)) {
        // Fewer than asked for: the limited scan went through the whole history.
        const bool complete = page.size() < query.firstPage;
        emit firstPage(query.generation, notAbove(page, query.upTo), complete);
        QList<qint64> all;
        if (!complete && !superseded(query.generation) && list(query, 0, &all)) {
            emit allIds(query.generation, notAbove(all, query.upTo));
        }
    }
    emit done(query.generation);
}

bool IdQueryWorker::list(const Query& query, int limit, QList<qint64>* ids)
{
    if (!m_store) {
        auto store = std::make_unique<EventStore>();
        if (!store->open(m_dbPath, EventStore::OpenMode::MustExist)) {
            emit failed(query.generation, store->errorString());
            return false;
        }
        m_store = std::move(store);
    }
    bool ok = false;
    *ids = m_store->ids(query.filter, 0, &ok, limit);
    if (!ok) {
        emit failed(query.generation, m_store->errorString());
    }
    return ok;
}
