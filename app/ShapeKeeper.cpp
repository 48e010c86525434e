#include "ShapeKeeper.h"

#include "DriftCheck.h"
#include "EventStore.h"

#include <QTimer>

namespace {

/// The saving side, on the keeper's thread: its connection is opened and used there only.
class ShapeSaver : public QObject
{
public:
    /// Saves @p shapes into the history at @p dbPath; an empty string when it went well.
    QString save(const QString& dbPath, const QList<LearnedShape>& shapes)
    {
        if (!m_store || m_store->path() != dbPath) {
            m_store = std::make_unique<EventStore>();
            if (!m_store->open(dbPath, EventStore::OpenMode::MustExist)) {
                const QString error = m_store->errorString();
                m_store.reset();
                return error;
            }
        }
        return m_store->saveDataShapes(shapes) ? QString() : m_store->errorString();
    }

private:
    std::unique_ptr<EventStore> m_store;
};

} // namespace

ShapeKeeper::ShapeKeeper(std::shared_ptr<DriftCheck> drift, QObject* parent)
    : QObject(parent)
    , m_drift(std::move(drift))
    , m_saver(new ShapeSaver)
    , m_timer(new QTimer(this))
{
    m_thread.setObjectName(QStringLiteral("data shapes"));
    m_saver->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_saver, &QObject::deleteLater);
    m_thread.start();
    m_timer->setInterval(SaveIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] { save(false); });
    m_timer->start();
}

ShapeKeeper::~ShapeKeeper()
{
    save(true);
    m_thread.quit();
    m_thread.wait();
}

bool ShapeKeeper::open(const QString& dbPath)
{
    save(true);
    m_dbPath = dbPath;
    m_error.clear();
    // Loaded before the capture started (ProviderChecks::prepare): reading them again would drop
    // what the capture learned since, before it was saved.
    if (!dbPath.isEmpty() && m_drift->historyPath() == dbPath) {
        return true;
    }
    return load(*m_drift, dbPath, &m_error);
}

bool ShapeKeeper::load(DriftCheck& drift, const QString& dbPath, QString* error)
{
    // A small table (one row per channel event): read here, at once, so that the capture checks
    // against it from its first event.
    EventStore store;
    bool ok = store.open(dbPath, EventStore::OpenMode::MustExist);
    const QList<LearnedShape> shapes = ok ? store.dataShapes(&ok) : QList<LearnedShape>();
    if (!ok && error) {
        *error = store.errorString();
    }
    drift.load(shapes, ok ? dbPath : QString());
    return ok;
}

bool ShapeKeeper::saveNow()
{
    return save(true);
}

bool ShapeKeeper::save(bool wait)
{
    if (m_dbPath.isEmpty()) {
        return true; // kept as changed until there is a history to save them into
    }
    const QList<LearnedShape> shapes = m_drift->takeChanged();
    if (shapes.isEmpty()) {
        return true;
    }
    auto* saver = static_cast<ShapeSaver*>(m_saver);
    const QString path = m_dbPath;
    if (wait) {
        QString error;
        QMetaObject::invokeMethod(
            m_saver, [&] { error = saver->save(path, shapes); }, Qt::BlockingQueuedConnection);
        if (!error.isEmpty()) {
            emit saveFailed(error);
        }
        return error.isEmpty();
    }
    QMetaObject::invokeMethod(
        m_saver,
        [this, saver, path, shapes] {
            const QString error = saver->save(path, shapes);
            if (!error.isEmpty()) {
                QMetaObject::invokeMethod(
                    this, [this, error] { emit saveFailed(error); }, Qt::QueuedConnection);
            }
        },
        Qt::QueuedConnection);
    return true;
}
