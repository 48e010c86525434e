#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

/**
 * @brief The targets' secrets (bearer tokens, HMAC keys), kept only in the OS keychain through
 * QtKeychain: never in QSettings, the history or an export.
 *
 * Where no keychain service answers (no Secret Service on the session bus, a locked or refusing
 * keychain), a secret is kept in this object's memory for this run only, and the result says so
 * in words the window and the command line show as they are.
 */
class Secrets : public QObject
{
    Q_OBJECT

public:
    /// Where a secret ended up, or came from.
    enum class Where { Keychain, ThisRunOnly, Nowhere };

    struct Result
    {
        bool ok = false;
        Where where = Where::Nowhere;
        QByteArray secret; ///< what read() found
        QString message; ///< why the keychain could not be used, or what went wrong; empty when all went well
    };
    using Callback = std::function<void(const Result&)>;

    /// Keychain entries are filed under this service name, keyed by target.
    static QString serviceName();

    explicit Secrets(QObject* parent = nullptr);

    // Asynchronous, for the window: @p done runs on this object's thread once the keychain answered.
    void write(const QString& key, const QByteArray& secret, Callback done);
    void read(const QString& key, Callback done);
    void remove(const QString& key, Callback done);

    // Blocking (a local event loop), for the command line and tests.
    Result writeNow(const QString& key, const QByteArray& secret);
    Result readNow(const QString& key);
    Result removeNow(const QString& key);

private:
    Result waitFor(const std::function<void(Callback)>& start);

    /// Secrets the keychain could not take, for this run only.
    QHash<QString, QByteArray> m_thisRun;
};
