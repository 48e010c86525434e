#include "CatalogWorker.h"

#include "EventStore.h"

CatalogWorker::CatalogWorker() = default;

CatalogWorker::~CatalogWorker() = default;

QString CatalogWorker::use(const QString& dbPath)
{
    if (m_store && m_store->path() == dbPath) {
        return {};
    }
    m_store.reset();
    auto store = std::make_unique<EventStore>();
    if (!store->open(dbPath, EventStore::OpenMode::MustExist)) {
        return store->errorString();
    }
    m_store = std::move(store);
    return {};
}

void CatalogWorker::count(const QString& dbPath, qint64 afterId, quint64 generation)
{
    const QString error = use(dbPath);
    if (!error.isEmpty()) {
        emit countFailed(generation, error);
        return;
    }
    bool ok = false;
    const QList<CatalogCount> counts = m_store->catalogCounts(afterId, &ok);
    if (ok) {
        emit counted(generation, afterId, counts);
    } else {
        emit countFailed(generation, m_store->errorString());
    }
}

void CatalogWorker::sample(
    const QString& dbPath, const QString& channel, const QString& action, int limit, quint64 generation)
{
    const QString error = use(dbPath);
    if (!error.isEmpty()) {
        emit sampleFailed(generation, error);
        return;
    }
    bool ok = false;
    const QList<QByteArray> bodies = m_store->recentBodies(channel, action, limit, &ok);
    if (!ok) {
        emit sampleFailed(generation, m_store->errorString());
        return;
    }
    ShapeSample sample;
    sample.fields.channel = channel;
    sample.fields.action = action;
    sample.complete = bodies.size() < limit;
    for (const QByteArray& body : bodies) {
        const DataShape shape = DataShape::ofBody(body);
        if (sample.fields.events == 0) {
            sample.newest = shape;
        }
        sample.fields.learn(shape);
    }
    emit sampled(generation, sample);
}
