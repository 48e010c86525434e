#include "TestEventSender.h"

#include "Catalog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimer>

namespace {

QString offered(const QString& channel)
{
    return Catalog::builtIn().actions(channel).join(QLatin1String(", "));
}

} // namespace

QString TestEventSender::check(const Plan& plan)
{
    const Catalog& catalog = Catalog::builtIn();
    if (plan.events.isEmpty()) {
        return tr("no channel event to send");
    }
    bool ledgers = false;
    bool others = false;
    for (const ChannelEvent& e : plan.events) {
        if (!catalog.hasChannel(e.channel)) {
            QStringList channels;
            for (const Catalog::Channel& c : catalog.channels()) {
                channels.append(c.channel);
            }
            return tr("the catalog has no channel '%1' (it has: %2)")
                .arg(e.channel, channels.join(QLatin1String(", ")));
        }
        if (!catalog.offers(e.channel, e.action)) {
            return tr("channel %1 does not offer '%2' (it offers: %3)").arg(e.channel, e.action, offered(e.channel));
        }
        (e.channel == QLatin1String("ledgers") ? ledgers : others) = true;
    }
    if (ledgers && others) {
        return tr("ledgers can't be sent together with other channels: the provider says \"You cannot subscribe to "
                  "the Ledger channel and other channels\"");
    }
    if (!catalog.environments().contains(QString::fromUtf8(plan.environment))) {
        return tr("environment '%1' is not staging or production").arg(QString::fromUtf8(plan.environment));
    }
    if (plan.count < 1 || plan.copies < 1 || plan.rate < 0 || plan.retryDelayMs < 0) {
        return tr("count and copies must be at least 1, rate and delay not negative");
    }
    if (!plan.data.isNull() && !QJsonDocument::fromJson(plan.data).isObject()) {
        return tr("the data is not a JSON object");
    }
    return {};
}

TestEventSender::TestEventSender(const Plan& plan, QObject* parent)
    : QObject(parent)
    , m_plan(plan)
    , m_random(QRandomGenerator64::securelySeeded())
    // Resource ids start somewhere random, so that two runs don't both create invoice 1.
    , m_factory(Catalog::builtIn(), m_random, m_random.generate64(), QDateTime::currentMSecsSinceEpoch(),
          qint64(m_random.bounded(1000, 900000)))
    , m_deliverer(new Deliverer(this))
    , m_pace(new QTimer(this))
{
    m_pace->setTimerType(Qt::PreciseTimer);
    connect(m_pace, &QTimer::timeout, this, &TestEventSender::sendNext);
    connect(m_deliverer, &Deliverer::finished, this, &TestEventSender::answered);
}

QByteArray TestEventSender::makeBody(const ChannelEvent& event, const QByteArray& key)
{
    const int channel = m_factory.channelIndex(event.channel);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_plan.data.isNull()) {
        return m_factory.webhook(channel, event.action, m_plan.environment, key, now);
    }
    return WebhookFactory::envelope(event.channel.toUtf8() + '.' + event.action.toUtf8(),
        m_factory.message(channel, event.action), key, m_plan.environment, m_plan.data.trimmed());
}

void TestEventSender::start()
{
    if (m_plan.rate > 0) {
        m_pace->start(qMax(1, qRound(1000.0 / m_plan.rate)));
    }
    sendNext();
}

void TestEventSender::sendNext()
{
    if (m_made >= m_plan.count) {
        m_pace->stop();
        return;
    }
    const ChannelEvent& event = m_plan.events.at(m_made % m_plan.events.size());
    ++m_made;
    const QByteArray key = m_factory.uuid();
    const QByteArray body = makeBody(event, key);
    m_pendingCopies += m_plan.copies;
    sendCopy({event.channel + QLatin1Char('.') + event.action, key, body, m_plan.copies});
}

void TestEventSender::sendCopy(const Copy& copy)
{
    OutgoingRequest request;
    request.method = "POST";
    request.url = m_plan.target;
    request.body = copy.body;
    request.idempotencyKey = QString::fromLatin1(copy.key);
    request.headers = {{"Content-Type", "application/json"}, {"User-Agent", "Hookscope-Sender"}};
    m_inFlight.insert(m_deliverer->send(request), copy);
}

void TestEventSender::answered(quint64 ticket, const Delivery& delivery)
{
    const Copy copy = m_inFlight.take(ticket);
    --m_pendingCopies;
    m_failed += delivery.succeeded() ? 0 : 1;
    emit sent(copy.event, QString::fromLatin1(copy.key), delivery);
    if (copy.copiesLeft > 1) {
        // The provider's retry: the same request again after a delay.
        Copy retry = copy;
        --retry.copiesLeft;
        QTimer::singleShot(m_plan.retryDelayMs, this, [this, retry] { sendCopy(retry); });
    } else if (m_plan.rate <= 0) {
        sendNext();
    }
    maybeFinish();
}

void TestEventSender::maybeFinish()
{
    if (!m_finished && m_made >= m_plan.count && m_pendingCopies == 0) {
        m_finished = true;
        emit finished(m_failed);
    }
}
