#include "ChannelCountWorker.h"

#include "EventStore.h"

ChannelCountWorker::ChannelCountWorker() = default;

ChannelCountWorker::~ChannelCountWorker() = default;

void ChannelCountWorker::count(const QString& dbPath, quint64 generation)
{
    if (!m_store || m_store->path() != dbPath) {
        m_store.reset();
        auto store = std::make_unique<EventStore>();
        if (!store->open(dbPath, EventStore::OpenMode::MustExist)) {
            emit failed(generation, store->errorString());
            return;
        }
        m_store = std::move(store);
    }
    bool ok = false;
    const QHash<QString, qint64> counts = m_store->channelCounts(&ok);
    if (ok) {
        emit counted(generation, counts);
    } else {
        emit failed(generation, m_store->errorString());
    }
}
