#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class DriftCheck;
class QThread;
class ShapeKeeper;
class SubscriptionCheck;
struct ServerConfig;

/**
 * @brief The provider checks the capture runs on every event, set up the same way for
 * `hookscope serve` and the window, so both store the same problems with an event: schema drift
 * (the shapes learned in the history, loaded before the capture starts and saved back by a
 * ShapeKeeper) and the subscription profile with the ledger rule (the profile the window keeps in
 * the settings, and the channels each environment of the history delivered).
 */
class ProviderChecks : public QObject
{
    Q_OBJECT

public:
    /// Gives @p config the drift check and the subscription check it lacks: the shapes learned in
    /// the history at @p dbPath (none when it does not exist yet; empty: open() reads them) and
    /// the saved subscription profile. Call it before the capture starts: a running server keeps
    /// the config it started with. True when it changed anything.
    static bool prepare(ServerConfig& config, const QString& dbPath);

    explicit ProviderChecks(QObject* parent = nullptr);
    /// Saves the shapes still unsaved; waits for readSeenChannels().
    ~ProviderChecks() override;

    /// Works on the checks @p config shares (prepare() filled them).
    void adopt(const ServerConfig& config);
    /// Saves the learned shapes into the history at @p dbPath from now on (loading its shapes
    /// unless prepare() did) and forgets the channels another history delivered. False, with
    /// errorString(), when its shapes can't be read.
    bool open(const QString& dbPath);
    QString errorString() const { return m_error; }
    /// Reads which channels each environment of the history delivered, for the ledger rule, on a
    /// thread of its own (seconds on a million events): the capture goes on meanwhile, noting the
    /// channels that arrive. seenChannelsRead() when done. The window has them from its catalog
    /// counts instead, which read the same.
    void readSeenChannels();

    const std::shared_ptr<DriftCheck>& drift() const { return m_drift; }
    const std::shared_ptr<SubscriptionCheck>& subscriptions() const { return m_subscriptions; }
    ShapeKeeper* keeper() const { return m_keeper; }

signals:
    /// readSeenChannels() is done; @p error says why it could not read them (empty when it could).
    void seenChannelsRead(const QString& error);
    /// Saving the learned shapes into the history failed (the keeper tries again with what comes next).
    void shapesSaveFailed(const QString& error);

private:
    /// The channels per environment of the history at @p dbPath; @p error when they can't be read.
    static QHash<QString, QStringList> seenChannels(const QString& dbPath, QString* error);
    void seenChannelsDone(
        quint64 generation, quint64 read, const QHash<QString, QStringList>& seen, const QString& error);

    std::shared_ptr<DriftCheck> m_drift;
    std::shared_ptr<SubscriptionCheck> m_subscriptions;
    ShapeKeeper* m_keeper = nullptr;
    QThread* m_reader = nullptr;
    QString m_dbPath;
    QString m_error;
    quint64 m_generation = 0; ///< counts open(): a read of an earlier history is dropped
    quint64 m_reads = 0; ///< counts readSeenChannels(): only the last one's thread is m_reader
};
