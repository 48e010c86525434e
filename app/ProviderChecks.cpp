#include "ProviderChecks.h"

#include "DriftCheck.h"
#include "EventStore.h"
#include "ServerConfig.h"
#include "ShapeKeeper.h"
#include "SubscriptionCheck.h"
#include "SubscriptionProfile.h"

#include <QFileInfo>
#include <QThread>

bool ProviderChecks::prepare(ServerConfig& config, const QString& dbPath)
{
    bool changed = false;
    if (!config.drift) {
        config.drift = std::make_shared<DriftCheck>();
        if (!dbPath.isEmpty() && !QFileInfo::exists(dbPath)) {
            // The capture creates it: nothing was learned in it yet.
            config.drift->load({}, dbPath);
        } else if (!dbPath.isEmpty()) {
            // A failure leaves it to the keeper's open(), which reads again and says why.
            ShapeKeeper::load(*config.drift, dbPath);
        }
        changed = true;
    }
    if (!config.subscriptions) {
        config.subscriptions = std::make_shared<SubscriptionCheck>();
        config.subscriptions->setProfile(SubscriptionProfile::load());
        changed = true;
    }
    return changed;
}

ProviderChecks::ProviderChecks(QObject* parent)
    : QObject(parent)
{
}

ProviderChecks::~ProviderChecks()
{
    if (m_reader) {
        m_reader->wait();
        delete m_reader;
    }
}

void ProviderChecks::adopt(const ServerConfig& config)
{
    m_subscriptions = config.subscriptions;
    if (m_drift != config.drift) {
        m_drift = config.drift;
        delete m_keeper;
        m_keeper = nullptr;
        if (m_drift) {
            m_keeper = new ShapeKeeper(m_drift, this);
            connect(m_keeper, &ShapeKeeper::saveFailed, this, &ProviderChecks::shapesSaveFailed);
        }
    }
}

bool ProviderChecks::open(const QString& dbPath)
{
    // What another history delivered says nothing of this one; what the capture noted in this one
    // (it may have started first) stays.
    if (m_subscriptions && !m_dbPath.isEmpty() && m_dbPath != dbPath) {
        m_subscriptions->setSeen({});
    }
    m_dbPath = dbPath;
    ++m_generation;
    m_error.clear();
    if (m_keeper && !m_keeper->open(dbPath)) {
        m_error = m_keeper->errorString();
        return false;
    }
    return true;
}

void ProviderChecks::readSeenChannels()
{
    if (m_dbPath.isEmpty() || !m_subscriptions) {
        emit seenChannelsRead(QString());
        return;
    }
    if (m_reader) {
        // One read at a time: the one under way ends first (its result is dropped when outdated).
        m_reader->wait();
        delete m_reader;
        m_reader = nullptr;
    }
    const QString dbPath = m_dbPath;
    const quint64 generation = m_generation;
    const quint64 read = ++m_reads;
    m_reader = QThread::create([this, dbPath, generation, read] {
        QString error;
        const QHash<QString, QStringList> seen = seenChannels(dbPath, &error);
        QMetaObject::invokeMethod(
            this, [this, generation, read, seen, error] { seenChannelsDone(generation, read, seen, error); },
            Qt::QueuedConnection);
    });
    m_reader->setObjectName(QStringLiteral("seen channels"));
    m_reader->start();
}

QHash<QString, QStringList> ProviderChecks::seenChannels(const QString& dbPath, QString* error)
{
    EventStore store;
    bool ok = store.open(dbPath, EventStore::OpenMode::MustExist);
    // The catalog view's counts (one walk of the history), read for their channels only.
    const QList<CatalogCount> counts = ok ? store.catalogCounts(0, &ok) : QList<CatalogCount>();
    if (!ok) {
        *error = store.errorString();
        return {};
    }
    QHash<QString, QStringList> seen;
    for (const CatalogCount& c : counts) {
        seen[c.environment].append(c.channel);
    }
    return seen;
}

void ProviderChecks::seenChannelsDone(
    quint64 generation, quint64 read, const QHash<QString, QStringList>& seen, const QString& error)
{
    if (m_reader && read == m_reads) {
        m_reader->wait();
        delete m_reader;
        m_reader = nullptr;
    }
    if (generation != m_generation) {
        return;
    }
    // Added, never replaced: the capture noted the channels that arrived while the history was read.
    for (auto it = seen.constBegin(); it != seen.constEnd(); ++it) {
        m_subscriptions->addSeen(it.key(), it.value());
    }
    emit seenChannelsRead(error);
}
