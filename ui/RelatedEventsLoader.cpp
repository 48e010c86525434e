#include "RelatedEventsLoader.h"

#include "EventStore.h"

RelatedEventsLoader::RelatedEventsLoader(QObject* parent)
    : QObject(parent)
    , m_context(new QObject)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    m_thread.setObjectName(QStringLiteral("related events"));
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

RelatedEventsLoader::~RelatedEventsLoader()
{
    cancel();
    // The connection is closed on the thread that opened it.
    QMetaObject::invokeMethod(
        m_context, [this] { m_store.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

void RelatedEventsLoader::cancel()
{
    m_latest->store(++m_generation);
}

template<typename F> void RelatedEventsLoader::answer(quint64 generation, F&& answer)
{
    QMetaObject::invokeMethod(
        this,
        [this, generation, answer = std::forward<F>(answer)]() {
            if (generation == m_generation) {
                answer();
            }
        },
        Qt::QueuedConnection);
}

void RelatedEventsLoader::request(qint64 id)
{
    const quint64 generation = ++m_generation;
    m_latest->store(generation);
    QMetaObject::invokeMethod(m_context, [this, generation, id, path = m_path]() {
        const auto replaced = [this, generation] { return m_latest->load() != generation; };
        if (replaced()) {
            return; // the user has moved on before this one started
        }
        QString error;
        EventStore* events = store(path, &error);
        if (!events) {
            answer(generation, [this, error] { emit failed(error); });
            return;
        }
        const KeyCopies copies = KeyCopies::load(*events, id);
        answer(generation, [this, copies] { emit copiesLoaded(copies); });
        if (replaced()) {
            return;
        }
        const ResourceHistory history = ResourceHistory::load(*events, id);
        answer(generation, [this, id, history] { emit resourceLoaded(id, history); });
    });
}

EventStore* RelatedEventsLoader::store(const QString& path, QString* error)
{
    if (!m_store || m_storePath != path) {
        auto opened = std::make_unique<EventStore>();
        // MustExist: the window only reads; the capture is the one that creates the history.
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
