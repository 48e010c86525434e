#include "HistoryGenerator.h"

#include "CapturedRequest.h"
#include "Envelope.h"

#include <algorithm>
#include <array>

namespace {

/// Bounded recent history that retries draw from: big enough that a retry comes minutes later.
constexpr qsizetype RecentSize = 512;

/// All 64 bits of the seed count, not only the low 32 that QRandomGenerator(quint32) would take.
QRandomGenerator64 seeded(quint64 seed)
{
    const quint32 words[2] = {quint32(seed), quint32(seed >> 32)};
    return QRandomGenerator64(words);
}

} // namespace

HistoryGenerator::HistoryGenerator(const Catalog& catalog, const Options& options)
    : m_catalog(catalog)
    , m_options(options)
    , m_random(seeded(options.seed))
    , m_factory(catalog, m_random, options.seed, options.startMs, options.firstResourceId)
{
    m_meanGapMs = options.count > 0 ? double(options.spanMs) / double(options.count) : 0;

    // How often each channel fires: invoices, sales and payments are the daily business; the
    // ledgers and the business profile change rarely.
    const QHash<QString, int> channelWeights = {{QStringLiteral("invoices"), 12},
        {QStringLiteral("invoice_payments"), 9}, {QStringLiteral("invoice_online_payments"), 5},
        {QStringLiteral("sales"), 12}, {QStringLiteral("expenses"), 8}, {QStringLiteral("clients"), 5},
        {QStringLiteral("bills"), 5}, {QStringLiteral("bill_payments"), 4}, {QStringLiteral("products_services"), 4},
        {QStringLiteral("wallet_transactions"), 6}, {QStringLiteral("quotes"), 4}, {QStringLiteral("deposits"), 3},
        {QStringLiteral("journals"), 3}, {QStringLiteral("ledgers"), 1}, {QStringLiteral("business"), 1}};
    int total = 0;
    const QList<Catalog::Channel>& channels = catalog.channels();
    for (qsizetype i = 0; i < channels.size(); ++i) {
        const Catalog::Channel& c = channels.at(i);
        for (const QString& action : c.actions) {
            const int actionWeight = action == QLatin1String("created") ? 6
                : action == QLatin1String("updated")                    ? 3
                                                                        : 1;
            total += channelWeights.value(c.channel, 2) * actionWeight;
            m_kinds.append({int(i), action});
            m_kindWeights.append(total);
        }
    }
    m_recent.reserve(RecentSize);
}

qint64 HistoryGenerator::advanceClock()
{
    // Uniform gaps around the mean: the times jitter, never go back, and end near the span.
    m_clock += 2 * m_meanGapMs * m_random.generateDouble();
    m_nowMs = m_options.startMs + qint64(m_clock);
    return m_nowMs;
}

QByteArray HistoryGenerator::drawEnvironment()
{
    return m_random.bounded(100) < 70 ? QByteArray("staging") : QByteArray("production");
}

QByteArray HistoryGenerator::remote()
{
    // The provider keeps connections alive: a new source port every dozen or so requests.
    if (m_random.bounded(16) == 0) {
        m_port = quint16(32768 + m_random.bounded(28232));
    }
    return "127.0.0.1:" + QByteArray::number(m_port);
}

HttpHeaders HistoryGenerator::headers(const QByteArray& contentType, qsizetype contentLength)
{
    HttpHeaders h;
    h.reserve(5);
    h.append(HttpHeader {"Host", "127.0.0.1:8787"});
    h.append(HttpHeader {"User-Agent", "GuzzleHttp/7"});
    h.append(HttpHeader {"Content-Type", contentType});
    h.append(HttpHeader {"Content-Length", QByteArray::number(contentLength)});
    if (m_random.bounded(2) == 0) {
        h.append(HttpHeader {"X-Request-Id", m_factory.uuid()});
    }
    return h;
}

HistoryGenerator::Kind HistoryGenerator::drawKind()
{
    const int r = int(m_random.bounded(quint32(m_kindWeights.constLast())));
    const auto it = std::upper_bound(m_kindWeights.cbegin(), m_kindWeights.cend(), r);
    return m_kinds.at(it - m_kindWeights.cbegin());
}

StoredEvent HistoryGenerator::makeEvent(QByteArray body, HttpHeaders headerFields, const QByteArray& from)
{
    CapturedRequest request;
    request.method = "POST";
    request.target = "/webhooks/provider";
    request.httpVersion = "HTTP/1.1";
    request.headers = std::move(headerFields);
    request.body = std::move(body);
    request.remote = QString::fromLatin1(from);
    request.receivedAtMs = m_nowMs;
    const Envelope envelope = Envelope::parse(request.method, request.header("content-type"), request.body, m_catalog);
    return StoredEvent::fromCapture(std::move(request), envelope, 200);
}

StoredEvent HistoryGenerator::goodEvent(const Kind& kind, bool remember)
{
    // In this order: the histories made before WebhookFactory drew their numbers so (GCC evaluated
    // the arguments of one call right to left), and a seed keeps giving the same history.
    const QByteArray data = m_factory.data(kind.channel, kind.action, m_nowMs);
    const QByteArray environment = drawEnvironment();
    const QByteArray key = m_factory.uuid();
    const WebhookFactory::Channel& channel = m_factory.channels().at(kind.channel);
    const QByteArray body = WebhookFactory::envelope(channel.channel + '.' + kind.action.toUtf8(),
        m_factory.message(kind.channel, kind.action), key, environment, data);
    const QByteArray contentType = "application/json";
    HttpHeaders h = headers(contentType, body.size());
    const QByteArray from = remote();
    if (remember) {
        Sent sent {body, h, from};
        if (m_recent.size() < RecentSize) {
            m_recent.append(std::move(sent));
        } else {
            m_recent[m_recentNext] = std::move(sent);
        }
        m_recentNext = (m_recentNext + 1) % RecentSize;
    }
    return makeEvent(body, std::move(h), from);
}

StoredEvent HistoryGenerator::retry()
{
    const Sent& sent = m_recent.at(qsizetype(m_random.bounded(quint32(m_recent.size()))));
    if (m_random.bounded(20) != 0) {
        // The provider did not see the answer in time and sends the very same request again.
        return makeEvent(sent.body, sent.headers, sent.remote);
    }
    // A conflict: the model changed before the retry and was serialised again under the same key.
    ++m_conflicts;
    QByteArray body = sent.body;
    const qsizetype at = body.lastIndexOf("_at\":\"");
    if (at >= 0) {
        body.replace(at + 6, 27, WebhookFactory::isoTime(m_nowMs));
    }
    if (body == sent.body) {
        body.insert(body.size() - 2, ",\"retry\":true");
    }
    HttpHeaders h = sent.headers;
    h[3].value = QByteArray::number(body.size());
    return makeEvent(body, std::move(h), remote());
}

StoredEvent HistoryGenerator::brokenEvent()
{
    Kind kind = drawKind();
    const WebhookFactory::Channel& channel = m_factory.channels().at(kind.channel);
    QByteArray event = channel.channel + '.' + kind.action.toUtf8();
    QByteArray message = m_factory.message(kind.channel, kind.action);
    QByteArray key = m_factory.uuid();
    QByteArray environment = drawEnvironment();
    const char* omit = nullptr;
    QByteArray contentType = "application/json";
    QByteArray body;
    switch (m_random.bounded(7)) {
    case 0: // invalid JSON: cut off in the middle
        body = WebhookFactory::envelope(
            event, message, key, environment, m_factory.data(kind.channel, kind.action, m_nowMs));
        body.truncate(body.size() / 2 + qsizetype(m_random.bounded(int(body.size() / 3))));
        break;
    case 1: {
        static const std::array<const char*, 4> fields = {"message", "idempotency_key", "environment", "data"};
        omit = fields[m_random.bounded(int(fields.size()))];
        break;
    }
    case 2: {
        static const std::array<const char*, 4> unknown
            = {"refunds.created", "payouts.created", "customers.updated", "subscriptions.deleted"};
        event = unknown[m_random.bounded(int(unknown.size()))];
        message = "Refund created successfully.";
        break;
    }
    case 3: {
        static const std::array<const char*, 4> notOffered = {"business.created", "wallet_transactions.deleted",
            "income_tax_payments.updated", "invoice_online_payments.updated"};
        event = notOffered[m_random.bounded(int(notOffered.size()))];
        break;
    }
    case 4: {
        static const std::array<const char*, 3> environments = {"dev", "test", "Production"};
        environment = environments[m_random.bounded(int(environments.size()))];
        break;
    }
    case 5: // a key from a system that does not use UUIDs
        key = "evt_" + QByteArray::number(m_random.generate64() % 100000000000ULL);
        break;
    default: // an old integration that posts a form
        contentType = "application/x-www-form-urlencoded";
        body = "event=" + event + "&idempotency_key=" + key + "&environment=" + environment
            + "&data%5Bid%5D=" + QByteArray::number(channel.nextId) + "&data%5Bamount%5D="
            + WebhookFactory::cedis(qint64(m_random.bounded(100, 900000))) + "&data%5Bcurrency%5D=GHS";
        break;
    }
    if (body.isEmpty()) {
        body = WebhookFactory::envelope(
            event, message, key, environment, m_factory.data(kind.channel, kind.action, m_nowMs), omit);
    }
    HttpHeaders h = headers(contentType, body.size());
    return makeEvent(body, std::move(h), remote());
}

StoredEvent HistoryGenerator::next()
{
    advanceClock();
    const qint64 index = m_index++;
    if (index < m_kinds.size()) {
        // Every channel event once, in catalog order, before anything is drawn.
        return goodEvent(m_kinds.at(index), true);
    }
    const quint32 r = m_random.bounded(1000);
    if (r < 10) {
        return brokenEvent();
    }
    if (r < 40 && !m_recent.isEmpty()) {
        return retry();
    }
    return goodEvent(drawKind(), true);
}
