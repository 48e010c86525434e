#include "Secrets.h"

#include <QEventLoop>
#include <qt6keychain/keychain.h>

namespace {

/// Errors that mean "there is no keychain to use here", as opposed to "this entry has a problem".
bool keychainUnreachable(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::AccessDenied || error == QKeychain::AccessDeniedByUser || error == QKeychain::OtherError;
}

QString unreachableMessage(const QString& detail)
{
    return Secrets::tr("No keychain service is reachable (%1): the secret is kept for this run only.").arg(detail);
}

} // namespace

QString Secrets::serviceName()
{
    return QStringLiteral("Hookscope");
}

Secrets::Secrets(QObject* parent)
    : QObject(parent)
{
}

void Secrets::write(const QString& key, const QByteArray& secret, Callback done)
{
    auto* job = new QKeychain::WritePasswordJob(serviceName(), this);
    // Never QtKeychain's fallback: it writes the secret into a settings file in plain text.
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key, secret, done](QKeychain::Job* finished) {
        Result r;
        r.secret = secret;
        if (finished->error() == QKeychain::NoError) {
            m_thisRun.remove(key);
            r.ok = true;
            r.where = Where::Keychain;
        } else if (keychainUnreachable(finished->error())) {
            m_thisRun.insert(key, secret);
            r.ok = true;
            r.where = Where::ThisRunOnly;
            r.message = unreachableMessage(finished->errorString());
        } else {
            r.message = tr("The keychain refused the secret: %1").arg(finished->errorString());
        }
        done(r);
    });
    job->start();
}

void Secrets::read(const QString& key, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job* finished) {
        Result r;
        const auto* reader = static_cast<QKeychain::ReadPasswordJob*>(finished);
        if (finished->error() == QKeychain::NoError) {
            r.ok = true;
            r.where = Where::Keychain;
            r.secret = reader->binaryData();
        } else if (m_thisRun.contains(key)) {
            r.ok = true;
            r.where = Where::ThisRunOnly;
            r.secret = m_thisRun.value(key);
            if (keychainUnreachable(finished->error())) {
                r.message = unreachableMessage(finished->errorString());
            }
        } else if (finished->error() == QKeychain::EntryNotFound) {
            r.message = tr("No secret is stored for %1.").arg(key);
        } else {
            r.message = tr("The keychain could not be read: %1").arg(finished->errorString());
        }
        done(r);
    });
    job->start();
}

void Secrets::remove(const QString& key, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job* finished) {
        Result r;
        const bool hadThisRun = m_thisRun.remove(key) > 0;
        if (finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound) {
            r.ok = true;
            r.where = Where::Keychain;
        } else if (hadThisRun || keychainUnreachable(finished->error())) {
            r.ok = true;
            r.where = Where::ThisRunOnly;
            r.message = unreachableMessage(finished->errorString());
        } else {
            r.message = tr("The keychain could not delete the secret: %1").arg(finished->errorString());
        }
        done(r);
    });
    job->start();
}

Secrets::Result Secrets::waitFor(const std::function<void(Callback)>& start)
{
    QEventLoop loop;
    Result result;
    bool finished = false;
    start([&](const Result& r) {
        result = r;
        finished = true;
        loop.quit();
    });
    if (!finished) {
        loop.exec();
    }
    return result;
}

Secrets::Result Secrets::writeNow(const QString& key, const QByteArray& secret)
{
    return waitFor([&](Callback done) { write(key, secret, std::move(done)); });
}

Secrets::Result Secrets::readNow(const QString& key)
{
    return waitFor([&](Callback done) { read(key, std::move(done)); });
}

Secrets::Result Secrets::removeNow(const QString& key)
{
    return waitFor([&](Callback done) { remove(key, std::move(done)); });
}
