#include "HistoryWorker.h"

#include "EventStore.h"

HistoryWorker::HistoryWorker(const QString& name, QObject* parent)
    : QObject(parent)
    , m_context(new QObject)
{
    m_thread.setObjectName(name);
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

HistoryWorker::~HistoryWorker()
{
    m_stopping.store(true);
    // The connection is closed on the thread that opened it, after the item that runs.
    QMetaObject::invokeMethod(
        m_context, [this] { m_store.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

void HistoryWorker::answer(std::function<void()> f)
{
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

EventStore* HistoryWorker::store(const QString& path, QString* error)
{
    if (!m_store || m_storePath != path) {
        auto opened = std::make_unique<EventStore>();
        if (!opened->open(path, EventStore::OpenMode::MustExist)) {
            *error = opened->errorString();
            m_store.reset();
            return nullptr;
        }
        m_store = std::move(opened);
        m_storePath = path;
    }
    return m_store.get();
}
