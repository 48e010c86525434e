#include "WebhookFactory.h"

#include <QByteArrayView>
#include <QHash>

#include <array>

namespace {

/**
 * A resource's fixed fields (name, number, line items) come from a small generator seeded from the
 * resource, so that its created, updated and deleted events agree; SplitMix64 because seeding a
 * QRandomGenerator (a Mersenne twister) for every event costs more than building the event.
 */
class Fields
{
public:
    explicit Fields(quint64 seed)
        : m_state(seed)
    {
    }
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return int(next() % quint64(n)); }
    int between(int low, int high) { return low + below(high - low + 1); }
    template<typename T, size_t N> const T& pick(const std::array<T, N>& items) { return items[size_t(below(int(N)))]; }

private:
    quint64 m_state;
};

const std::array<const char*, 24> FirstNames
    = {"Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Abena", "Kwabena", "Efua", "Kojo", "Adwoa", "Kwaku", "Afua", "Kweku",
        "Esi", "Ekow", "Araba", "Nana", "Yaa", "Fiifi", "Akua", "Selorm", "Edem", "Mawuli", "Naa"};
const std::array<const char*, 24> Surnames = {"Mensah", "Owusu", "Boateng", "Asante", "Osei", "Appiah", "Agyeman",
    "Darko", "Addo", "Ansah", "Amoah", "Quaye", "Tetteh", "Annan", "Acheampong", "Ofori", "Bonsu", "Sarpong", "Danquah",
    "Amponsah", "Lartey", "Adjei", "Gyamfi", "Kumi"};
const std::array<const char*, 10> Trades = {
    "Trading", "Enterprises", "Ventures", "Logistics", "Foods", "Pharmacy", "Hardware", "Farms", "Textiles", "Consult"};
const std::array<const char*, 8> Cities
    = {"Accra", "Kumasi", "Tamale", "Takoradi", "Cape Coast", "Tema", "Ho", "Koforidua"};
const std::array<const char*, 8> Regions
    = {"Greater Accra", "Ashanti", "Northern", "Western", "Central", "Greater Accra", "Volta", "Eastern"};
const std::array<const char*, 12> Streets
    = {"Liberation Road", "Oxford Street", "Ring Road Central", "Spintex Road", "Kojo Thompson Road", "Harper Road",
        "Prempeh II Street", "Market Circle", "Community 1 Road", "Hospital Road", "Castle Road", "Station Road"};
const std::array<const char*, 16> Goods = {"Bag of cement (50 kg)", "Roofing sheet, aluminium",
    "Printer paper A4 (ream)", "Consulting hours", "Delivery within Accra", "Bag of rice (25 kg)", "Cooking oil (5 L)",
    "Laptop repair", "Website maintenance (monthly)", "Office chair", "Kente cloth (6 yards)", "Solar lantern",
    "Mobile data bundle", "Diesel (litre)", "Shea butter (1 kg)", "Cocoa beans (bag)"};
const std::array<const char*, 6> PaymentMethods
    = {"Mobile Money", "Bank Transfer", "Cash", "Cheque", "Card", "Mobile Money"};
const std::array<const char*, 5> OnlineProviders
    = {"MTN MoMo", "Telecel Cash", "AirtelTigo Money", "Visa", "Mastercard"};
const std::array<const char*, 6> Banks
    = {"GCB Bank", "Ecobank Ghana", "Stanbic Bank", "Fidelity Bank", "CalBank", "Absa Bank Ghana"};
const std::array<const char*, 8> ExpenseCategories
    = {"Rent", "Utilities", "Fuel", "Office supplies", "Internet", "Transport", "Repairs", "Advertising"};
const std::array<const char*, 5> Positions = {"Accountant", "Sales Officer", "Driver", "Store Keeper", "Manager"};
const std::array<const char*, 5> Departments = {"Finance", "Sales", "Operations", "Stores", "Administration"};
const std::array<const char*, 5> AccountTypes = {"asset", "liability", "equity", "income", "expense"};
const std::array<const char*, 8> AccountNames = {"Cash at Bank", "Petty Cash", "Mobile Money Wallet",
    "Accounts Receivable", "Accounts Payable", "Sales Revenue", "Rent Expense", "VAT Payable"};
const std::array<const char*, 4> Tags = {"adasd", "q1", "urgent", "import"};

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm): QDateTime::toString per
/// field would be the largest cost of a body.
void civil(qint64 days, int& year, int& month, int& day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    day = int(doy - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

void appendDigits(QByteArray& out, qint64 value, int width)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0 || n < width);
    while (n > 0) {
        out.append(digits[--n]);
    }
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}

/// "2026-01-03"
QByteArray isoDate(qint64 ms)
{
    int y, m, d;
    civil(floorDiv(ms, 86400000), y, m, d);
    QByteArray out;
    out.reserve(10);
    appendDigits(out, y, 4);
    out.append('-');
    appendDigits(out, m, 2);
    out.append('-');
    appendDigits(out, d, 2);
    return out;
}

/// "2026-01-03T10:22:11.000000Z", as the provider's framework (Laravel) serialises its dates.
QByteArray isoTime(qint64 ms)
{
    QByteArray out = isoDate(ms);
    const qint64 inDay = ms - floorDiv(ms, 86400000) * 86400000;
    out.append('T');
    appendDigits(out, inDay / 3600000, 2);
    out.append(':');
    appendDigits(out, inDay / 60000 % 60, 2);
    out.append(':');
    appendDigits(out, inDay / 1000 % 60, 2);
    out.append('.');
    appendDigits(out, inDay % 1000 * 1000, 6);
    out.append('Z');
    return out;
}

/// Pesewas as the provider sends amounts: a string with two decimals, "1250.00".
QByteArray cedis(qint64 pesewas)
{
    QByteArray out = QByteArray::number(pesewas / 100);
    out.append('.');
    appendDigits(out, pesewas % 100, 2);
    return out;
}

/**
 * Compact JSON straight into a byte array: the bodies are the largest part of generating, and
 * QJsonDocument would build a tree of them only to serialise it again.
 */
class Json
{
public:
    Json() { m_out.reserve(2048); }

    Json& object(const char* key = nullptr)
    {
        separate(key);
        m_out.append('{');
        m_first[++m_depth] = true;
        return *this;
    }
    Json& array(const char* key)
    {
        separate(key);
        m_out.append('[');
        m_first[++m_depth] = true;
        return *this;
    }
    Json& end(char close)
    {
        m_out.append(close);
        --m_depth;
        return *this;
    }
    Json& endObject() { return end('}'); }
    Json& endArray() { return end(']'); }
    Json& str(const char* key, QByteArrayView value)
    {
        separate(key);
        m_out.append('"');
        for (const char c : value) {
            if (c == '"' || c == '\\') {
                m_out.append('\\');
            }
            m_out.append(c);
        }
        m_out.append('"');
        return *this;
    }
    Json& num(const char* key, qint64 value)
    {
        separate(key);
        m_out.append(QByteArray::number(value));
        return *this;
    }
    Json& boolean(const char* key, bool value)
    {
        separate(key);
        m_out.append(value ? "true" : "false");
        return *this;
    }
    Json& null(const char* key)
    {
        separate(key);
        m_out.append("null");
        return *this;
    }
    Json& money(const char* key, qint64 pesewas) { return str(key, cedis(pesewas)); }
    QByteArray take() { return std::move(m_out); }

private:
    void separate(const char* key)
    {
        if (!m_first[m_depth]) {
            m_out.append(',');
        }
        m_first[m_depth] = false;
        if (key) {
            m_out.append('"').append(key).append("\":", 2);
        }
    }

    QByteArray m_out;
    std::array<bool, 16> m_first {{true}};
    int m_depth = 0;
};

QByteArray personName(Fields& f)
{
    return QByteArray(f.pick(FirstNames)) + ' ' + f.pick(Surnames);
}

QByteArray companyName(Fields& f)
{
    return QByteArray(f.pick(Surnames)) + ' ' + f.pick(Trades) + " Ltd";
}

QByteArray emailOf(const QByteArray& name, Fields& f)
{
    QByteArray local = name.toLower();
    local.replace(' ', '.');
    local.replace(".ltd", "");
    return local + (f.below(2) ? "@gmail.com" : "@example.com.gh");
}

QByteArray phone(Fields& f)
{
    static const std::array<const char*, 6> prefixes = {"24", "54", "55", "20", "50", "27"};
    QByteArray out = "+233 ";
    out.append(f.pick(prefixes)).append(' ');
    appendDigits(out, f.between(100, 999), 3);
    out.append(' ');
    appendDigits(out, f.between(0, 9999), 4);
    return out;
}

void address(Json& j, Fields& f)
{
    const int city = f.below(int(Cities.size()));
    j.object("address")
        .str("line1", QByteArray::number(f.between(1, 120)) + ' ' + f.pick(Streets))
        .str("city", Cities[size_t(city)])
        .str("region", Regions[size_t(city)])
        .str("country", "Ghana")
        .endObject();
}

QByteArray tin(Fields& f)
{
    QByteArray out = f.below(2) ? "C" : "P";
    appendDigits(out, qint64(f.next() % 10000000000ULL), 10);
    return out;
}

/// "INV-000123"
QByteArray documentNumber(const QByteArray& channel, qint64 id)
{
    QByteArray prefix = channel.left(3).toUpper();
    prefix.append('-');
    appendDigits(prefix, id, 6);
    return prefix;
}

QByteArray singular(const QString& name)
{
    // "Invoice Payments" -> "Invoice Payment", "Products / Services" -> "Product / Service".
    QByteArrayList words = name.toUtf8().split(' ');
    for (QByteArray& word : words) {
        if (word.size() > 3 && word.endsWith('s') && !word.endsWith("ss")) {
            word.chop(1);
        }
    }
    return words.join(' ');
}

} // namespace

WebhookFactory::WebhookFactory(
    const Catalog& catalog, QRandomGenerator64& random, quint64 seed, qint64 startMs, qint64 firstResourceId)
    : m_random(random)
    , m_seed(seed)
    , m_startMs(startMs)
{
    const QHash<QString, Family> families
        = {{QStringLiteral("business"), Family::Business}, {QStringLiteral("invoices"), Family::Document},
            {QStringLiteral("sales"), Family::Document}, {QStringLiteral("quotes"), Family::Document},
            {QStringLiteral("bills"), Family::Document}, {QStringLiteral("clients"), Family::Party},
            {QStringLiteral("suppliers"), Family::Party}, {QStringLiteral("employees"), Family::Party},
            {QStringLiteral("pay_runs"), Family::PayRun}, {QStringLiteral("products_services"), Family::Product},
            {QStringLiteral("accounts"), Family::Account}, {QStringLiteral("journals"), Family::Journal},
            {QStringLiteral("ledgers"), Family::Journal}, {QStringLiteral("business_loans"), Family::Loan}};
    for (const Catalog::Channel& c : catalog.channels()) {
        Channel ch;
        ch.name = c.name;
        ch.channel = c.channel.toUtf8();
        // The provider's own example writes "Business_Loan deleted successfully.": its model name.
        ch.model = c.channel == QLatin1String("business_loans") ? QByteArray("Business_Loan") : singular(c.name);
        ch.family = families.value(c.channel, Family::Payment);
        ch.keepsResources
            = c.actions.contains(QLatin1String("updated")) || c.actions.contains(QLatin1String("deleted"));
        ch.nextId = firstResourceId;
        m_channels.append(ch);
    }
}

int WebhookFactory::channelIndex(const QString& channel) const
{
    for (qsizetype i = 0; i < m_channels.size(); ++i) {
        if (m_channels.at(i).channel == channel.toUtf8()) {
            return int(i);
        }
    }
    return -1;
}

QByteArray WebhookFactory::webhook(
    int channelIndex, const QString& action, const QByteArray& environment, const QByteArray& key, qint64 nowMs)
{
    const Channel& channel = m_channels.at(channelIndex);
    return envelope(channel.channel + '.' + action.toUtf8(), message(channelIndex, action), key, environment,
        data(channelIndex, action, nowMs));
}

QByteArray WebhookFactory::message(int channelIndex, const QString& action) const
{
    return m_channels.at(channelIndex).model + ' ' + action.toUtf8() + " successfully.";
}

QByteArray WebhookFactory::cedis(qint64 pesewas)
{
    return ::cedis(pesewas);
}

QByteArray WebhookFactory::isoTime(qint64 ms)
{
    return ::isoTime(ms);
}

QByteArray WebhookFactory::uuid()
{
    // Version 4, lower case, like the provider's keys (and Str::uuid()).
    static const char hex[] = "0123456789abcdef";
    quint64 high = m_random.generate64();
    quint64 low = m_random.generate64();
    high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    QByteArray out(36, '-');
    int pos = 0;
    for (int i = 0; i < 32; ++i) {
        if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
            ++pos;
        }
        const quint64 word = i < 16 ? high : low;
        out[pos++] = hex[(word >> (60 - 4 * (i % 16))) & 0xf];
    }
    return out;
}

QByteArray WebhookFactory::envelope(const QByteArray& event, const QByteArray& message, const QByteArray& key,
    const QByteArray& environment, const QByteArray& data, const char* omit)
{
    Json j;
    j.object();
    const auto field = [&](const char* name, const QByteArray& value) {
        if (!omit || qstrcmp(omit, name) != 0) {
            j.str(name, value);
        }
    };
    field("event", event);
    field("message", message);
    field("idempotency_key", key);
    field("environment", environment);
    QByteArray body = j.take();
    if (!omit || qstrcmp(omit, "data") != 0) {
        body.append(",\"data\":").append(data);
    }
    body.append('}');
    return body;
}

QByteArray WebhookFactory::data(int channelIndex, const QString& action, qint64 nowMs)
{
    Channel& channel = m_channels[channelIndex];
    const bool created = action == QLatin1String("created");
    const bool deleted = action == QLatin1String("deleted");
    Resource resource {0, 0, nowMs};
    if (channel.family == Family::Business) {
        // There is one business profile.
        resource = {1, m_seed, m_startMs};
    } else if (!created && !channel.live.isEmpty()) {
        // Mostly a recent resource, sometimes an old one.
        const qsizetype size = channel.live.size();
        const qsizetype index = m_random.bounded(4) != 0
            ? size - 1 - qsizetype(m_random.bounded(quint32(qMin(size, qsizetype(64)))))
            : qsizetype(m_random.bounded(quint32(size)));
        resource = channel.live.at(index);
        if (deleted) {
            channel.live[index] = channel.live.constLast();
            channel.live.removeLast();
        }
    } else {
        // Created now, or (an update or delete with nothing known) created before the history.
        resource = {channel.nextId++, m_random.generate64(), created ? nowMs : m_startMs};
        if (channel.keepsResources && !deleted) {
            channel.live.append(resource);
        }
    }

    Fields f(resource.seed);
    Json j;
    j.object().num("id", resource.id);
    if (f.below(8) == 0) {
        j.str("tag", f.pick(Tags));
    }
    if (deleted) {
        // A deleted model is sent as little more than its id.
        if (channel.family == Family::Document) {
            j.str("number", documentNumber(channel.channel, resource.id));
        } else if (channel.family == Family::Party) {
            j.str("name", personName(f));
        }
        // ... and who deleted it (the provider's audit fields).
        j.object("deleted_by")
            .num("id", qint64(m_random.bounded(1, 40)))
            .str("name", personName(f))
            .str("role", m_random.bounded(3) ? "staff" : "owner")
            .endObject();
        j.str("created_at", isoTime(resource.createdAtMs)).str("deleted_at", isoTime(nowMs));
        return j.endObject().take();
    }

    // Fields that change from one update to the next come from the main generator.
    const auto status = [&](std::initializer_list<const char*> statuses) {
        return *(statuses.begin() + m_random.bounded(int(statuses.size())));
    };
    switch (channel.family) {
    case Family::Document: {
        const bool bill = channel.channel == "bills";
        const QByteArray party = f.below(3) ? companyName(f) : personName(f);
        j.str("number", documentNumber(channel.channel, resource.id))
            .object(bill ? "supplier" : "client")
            .num("id", f.between(1, 5000))
            .str("name", party)
            .str("email", emailOf(party, f))
            .endObject()
            .str("issue_date", isoDate(resource.createdAtMs))
            .str(channel.channel == "quotes" ? "expiry_date" : "due_date",
                isoDate(resource.createdAtMs + qint64(f.between(7, 45)) * 86400000))
            .str("currency", "GHS");
        j.array("line_items");
        qint64 subtotal = 0;
        const int items = f.below(5) == 0 ? f.between(6, 20) : f.between(1, 5);
        for (int i = 0; i < items; ++i) {
            const int quantity = f.between(1, 20);
            const qint64 unitPrice = qint64(f.between(5, 2500)) * 100 + (f.below(2) ? 50 : 0);
            subtotal += quantity * unitPrice;
            j.object()
                .str("description", f.pick(Goods))
                .num("quantity", quantity)
                .money("unit_price", unitPrice)
                .money("amount", quantity * unitPrice)
                .endObject();
        }
        j.endArray();
        const qint64 tax = subtotal * 15 / 100;
        j.money("subtotal", subtotal).money("tax", tax).money("total", subtotal + tax);
        if (channel.channel == "quotes") {
            j.str("status", created ? "draft" : status({"sent", "accepted", "declined"}));
        } else {
            const qint64 paid = created ? 0 : (subtotal + tax) * qint64(m_random.bounded(3)) / 2;
            j.money("amount_paid", paid)
                .money("balance_due", subtotal + tax - paid)
                .str("status",
                    created                      ? "unpaid"
                        : paid == subtotal + tax ? "paid"
                        : paid                   ? "partial"
                                                 : "overdue");
        }
        if (f.below(3) == 0) {
            j.str("notes", "Thank you for your business.");
        }
        break;
    }
    case Family::Payment: {
        // Mostly whole cedis, now and then with pesewas.
        const qint64 amount = qint64(m_random.bounded(5, 50000)) * 100 + (f.below(4) ? 0 : f.between(1, 99));
        const bool online = channel.channel.contains("online");
        j.money("amount", amount).str("currency", "GHS").str("date", isoDate(resource.createdAtMs));
        if (online) {
            j.str("provider", f.pick(OnlineProviders))
                .str("transaction_id", QByteArray::number(f.next() % 100000000000ULL))
                .str("status", created ? "successful" : status({"successful", "reversed"}));
        } else {
            j.str("payment_method", f.pick(PaymentMethods));
        }
        QByteArray reference = channel.channel.left(3).toUpper() + '/';
        appendDigits(reference, floorDiv(resource.createdAtMs, 86400000) % 10000, 4);
        reference.append('/');
        appendDigits(reference, resource.id % 100000, 5);
        j.str("reference", reference);
        if (channel.channel.startsWith("invoice")) {
            j.num("invoice_id", f.between(1, 200000));
        } else if (channel.channel.startsWith("bill")) {
            j.num("bill_id", f.between(1, 50000));
        } else if (channel.channel.startsWith("payrun") || channel.channel == "salary_payments") {
            j.num("pay_run_id", f.between(1, 2000)).str("period", isoDate(resource.createdAtMs).left(7));
        } else if (channel.channel == "expenses") {
            const QByteArray supplier = companyName(f);
            j.str("category", f.pick(ExpenseCategories)).str("supplier", supplier);
        } else if (channel.channel == "bank_transfers") {
            j.str("from_bank", f.pick(Banks)).str("to_bank", f.pick(Banks));
        }
        j.object("account")
            .num("id", f.between(1, 40))
            .str("name", f.pick(AccountNames))
            .str("bank", f.pick(Banks))
            .endObject();
        j.str("description", f.pick(Goods));
        break;
    }
    case Family::Party: {
        const bool employee = channel.channel == "employees";
        const QByteArray name = employee || f.below(2) ? personName(f) : companyName(f);
        j.str("name", name).str("email", emailOf(name, f)).str("phone", phone(f));
        address(j, f);
        if (employee) {
            j.str("position", f.pick(Positions))
                .str("department", f.pick(Departments))
                .money("basic_salary", qint64(f.between(1500, 25000)) * 100 + qint64(m_random.bounded(3)) * 5000)
                .str("ssnit_number", "C" + QByteArray::number(f.next() % 1000000000000ULL))
                .str("start_date", isoDate(resource.createdAtMs - qint64(f.between(0, 3000)) * 86400000));
        } else {
            j.str("tin", tin(f)).str("currency", "GHS").money("balance", qint64(m_random.bounded(0, 5000000)));
        }
        break;
    }
    case Family::PayRun: {
        j.str("period", isoDate(resource.createdAtMs).left(7))
            .str("pay_date", isoDate(resource.createdAtMs + 5 * 86400000))
            .str("status", created ? "draft" : status({"approved", "paid"}));
        j.array("employees");
        qint64 gross = 0, net = 0;
        const int employees = f.between(2, 12);
        for (int i = 0; i < employees; ++i) {
            const qint64 pay = qint64(f.between(1500, 25000)) * 100;
            const qint64 after = pay * 80 / 100;
            gross += pay;
            net += after;
            j.object()
                .num("employee_id", f.between(1, 900))
                .str("name", personName(f))
                .money("gross", pay)
                .money("net", after)
                .endObject();
        }
        j.endArray().money("gross_total", gross).money("net_total", net).str("currency", "GHS");
        break;
    }
    case Family::Product: {
        const bool service = f.below(3) == 0;
        QByteArray sku = "SKU-";
        appendDigits(sku, resource.id % 1000000, 6);
        j.str("name", f.pick(Goods))
            .str("type", service ? "service" : "product")
            .str("sku", sku)
            .money("price", qint64(f.between(5, 5000)) * 100 + qint64(m_random.bounded(4)) * 25)
            .money("cost", qint64(f.between(2, 3000)) * 100)
            .boolean("tax_inclusive", f.below(2) == 0);
        if (service) {
            j.null("quantity_on_hand");
        } else {
            j.num("quantity_on_hand", qint64(m_random.bounded(0, 500)));
        }
        break;
    }
    case Family::Account: {
        QByteArray code;
        appendDigits(code, f.between(1000, 9999), 4);
        j.str("code", code)
            .str("name", f.pick(AccountNames))
            .str("type", f.pick(AccountTypes))
            .str("currency", "GHS")
            .money("balance", qint64(m_random.bounded(0, 90000000)))
            .str("bank", f.pick(Banks));
        break;
    }
    case Family::Journal: {
        QByteArray reference = "JV-";
        appendDigits(reference, resource.id % 1000000, 6);
        j.str("date", isoDate(resource.createdAtMs)).str("reference", reference).str("narration", f.pick(Goods));
        j.array("entries");
        const int lines = f.between(1, 4);
        for (int i = 0; i < lines; ++i) {
            const qint64 amount = qint64(f.between(10, 90000)) * 100;
            for (int side = 0; side < 2; ++side) {
                j.object()
                    .num("account_id", f.between(1, 40))
                    .str("account_name", f.pick(AccountNames))
                    .money("debit", side == 0 ? amount : 0)
                    .money("credit", side == 1 ? amount : 0)
                    .endObject();
            }
        }
        j.endArray();
        break;
    }
    case Family::Loan: {
        const qint64 principal = qint64(f.between(50, 5000)) * 100000;
        j.str("lender", f.pick(Banks))
            .money("principal", principal)
            .str("interest_rate", QByteArray::number(f.between(18, 36)) + ".50")
            .num("term_months", f.between(6, 60))
            .str("start_date", isoDate(resource.createdAtMs))
            .str("repayment_frequency", f.below(3) ? "monthly" : "quarterly")
            .money("balance", principal - (created ? 0 : principal * qint64(m_random.bounded(0, 100)) / 100));
        break;
    }
    case Family::Business: {
        const QByteArray name = companyName(f);
        j.str("name", name).str("tin", tin(f)).str("email", emailOf(name, f)).str("phone", phone(f));
        address(j, f);
        j.str("currency", "GHS").str("fiscal_year_start", "01-01").str("industry", f.pick(Trades));
        break;
    }
    }
    j.str("created_at", isoTime(resource.createdAtMs)).str("updated_at", isoTime(nowMs));
    return j.endObject().take();
}
