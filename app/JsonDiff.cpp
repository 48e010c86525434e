#include "JsonDiff.h"

#include "NdjsonRecord.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <utility>
#include <vector>

namespace {

using Matches = std::vector<std::pair<int, int>>;

/// The side of an addition or a removal that has no value.
const QJsonValue Missing(QJsonValue::Undefined);

/// Walks Myers' trace back from (n, m): the matched pairs of the shortest edit script, in order.
Matches backtrack(const std::vector<std::vector<int>>& trace, int lastRound, int n, int m)
{
    Matches matches;
    int x = n;
    int y = m;
    for (int d = lastRound; d > 0; --d) {
        const std::vector<int>& v = trace[static_cast<size_t>(d)];
        const auto at = [&](int k) { return v[static_cast<size_t>(k + d)]; };
        const int k = x - y;
        const int previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
        const int previousX = at(previousK);
        const int previousY = previousX - previousK;
        while (x > previousX && y > previousY) {
            matches.emplace_back(--x, --y);
        }
        x = previousX;
        y = previousY;
    }
    while (x > 0 && y > 0) {
        matches.emplace_back(--x, --y);
    }
    std::reverse(matches.begin(), matches.end());
    return matches;
}

/// Myers' O(ND) diff of two sequences of interned items: the pairs (i, j) with a[i] == b[j] of a
/// longest common subsequence, or false when that takes more than @p maxEdits insertions and
/// deletions. Time O((N + M) D) and memory O(D²) for D edits, both bounded through maxEdits.
bool align(const std::vector<int>& a, const std::vector<int>& b, int maxEdits, Matches* matches)
{
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    const int limit = std::min(n + m, maxEdits);
    const int offset = limit + 1;
    std::vector<int> v(static_cast<size_t>(2 * limit + 3), 0);
    std::vector<std::vector<int>> trace; // v for k in [-d, d] as it was before round d
    for (int d = 0; d <= limit; ++d) {
        trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
        for (int k = -d; k <= d; k += 2) {
            const size_t at = static_cast<size_t>(offset + k);
            int x = (k == -d || (k != d && v[at - 1] < v[at + 1])) ? v[at + 1] : v[at - 1] + 1;
            int y = x - k;
            while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) {
                ++x;
                ++y;
            }
            v[at] = x;
            if (x >= n && y >= m) {
                *matches = backtrack(trace, d, n, m);
                return true;
            }
        }
    }
    return false;
}

/// Numbers items so that equal items get equal numbers (for align()).
template<typename T> class Interner
{
public:
    int operator()(const T& item)
    {
        const auto known = m_ids.constFind(item);
        return known != m_ids.constEnd() ? *known : *m_ids.insert(item, static_cast<int>(m_ids.size()));
    }

private:
    QHash<T, int> m_ids;
};

/// Collects the changes of a JSON comparison, keeping at most MaxEntries of them.
class ChangeList
{
public:
    void add(JsonDiff::Change::Kind kind, const QString& path, const QJsonValue& before, const QJsonValue& after)
    {
        ++m_count;
        if (m_changes.size() < JsonDiff::MaxEntries) {
            m_changes.append({kind, path, before, after});
        }
    }
    qsizetype count() const { return m_count; }
    QList<JsonDiff::Change> take() { return std::move(m_changes); }

private:
    QList<JsonDiff::Change> m_changes;
    qsizetype m_count = 0;
};

void compareValue(const QJsonValue& a, const QJsonValue& b, const QString& path, ChangeList& out);

QString indexPath(const QString& parentPath, qsizetype index)
{
    return parentPath + QStringLiteral("[%1]").arg(index);
}

QStringList sortedKeys(const QJsonObject& object)
{
    QStringList keys = object.keys();
    std::sort(keys.begin(), keys.end());
    return keys;
}

void compareObjects(const QJsonObject& a, const QJsonObject& b, const QString& path, ChangeList& out)
{
    // One merge walk over both sorted key lists visits every key once, in a stable order.
    const QStringList left = sortedKeys(a);
    const QStringList right = sortedKeys(b);
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < left.size() || j < right.size()) {
        if (j == right.size() || (i < left.size() && left.at(i) < right.at(j))) {
            const QString& key = left.at(i++);
            out.add(JsonDiff::Change::Kind::Removed, JsonDiff::childPath(path, key), a.value(key), Missing);
        } else if (i == left.size() || right.at(j) < left.at(i)) {
            const QString& key = right.at(j++);
            out.add(JsonDiff::Change::Kind::Added, JsonDiff::childPath(path, key), Missing, b.value(key));
        } else {
            const QString& key = left.at(i++);
            ++j;
            compareValue(a.value(key), b.value(key), JsonDiff::childPath(path, key), out);
        }
    }
}

void compareArrays(const QJsonArray& a, const QJsonArray& b, const QString& path, ChangeList& out)
{
    // The common start and end are set aside first: cheap, and most of a typical change.
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    qsizetype start = 0;
    while (start < n && start < m && a.at(start) == b.at(start)) {
        ++start;
    }
    qsizetype end = 0;
    while (end < n - start && end < m - start && a.at(n - 1 - end) == b.at(m - 1 - end)) {
        ++end;
    }
    Interner<QJsonValue> intern;
    std::vector<int> left;
    std::vector<int> right;
    for (qsizetype i = start; i < n - end; ++i) {
        left.push_back(intern(a.at(i)));
    }
    for (qsizetype j = start; j < m - end; ++j) {
        right.push_back(intern(b.at(j)));
    }
    Matches matches;
    if (!align(left, right, JsonDiff::MaxEdits, &matches)) {
        matches.clear(); // too different to align: the elements pair up by index
    }
    matches.emplace_back(static_cast<int>(left.size()), static_cast<int>(right.size()));
    // Between two matches, removed and added elements pair up as changed ones (an item whose
    // amount changed reads as that amount); paths of those and of additions use the new index,
    // removals the old one.
    int i = 0;
    int j = 0;
    for (const auto& [mi, mj] : matches) {
        const int paired = std::min(mi - i, mj - j);
        for (int p = 0; p < paired; ++p) {
            compareValue(a.at(start + i + p), b.at(start + j + p), indexPath(path, start + j + p), out);
        }
        for (int r = i + paired; r < mi; ++r) {
            out.add(JsonDiff::Change::Kind::Removed, indexPath(path, start + r), a.at(start + r), Missing);
        }
        for (int s = j + paired; s < mj; ++s) {
            out.add(JsonDiff::Change::Kind::Added, indexPath(path, start + s), Missing, b.at(start + s));
        }
        i = mi + 1;
        j = mj + 1;
    }
}

void compareValue(const QJsonValue& a, const QJsonValue& b, const QString& path, ChangeList& out)
{
    if (a.type() != b.type()) {
        out.add(JsonDiff::Change::Kind::TypeChanged, path, a, b);
    } else if (a.isObject()) {
        compareObjects(a.toObject(), b.toObject(), path, out);
    } else if (a.isArray()) {
        compareArrays(a.toArray(), b.toArray(), path, out);
    } else if (a != b) {
        // Numbers compare by value (1 == 1.0), integers exactly (beyond 2^53 too).
        out.add(JsonDiff::Change::Kind::Changed, path, a, b);
    }
}

bool isIdentifier(const QString& key)
{
    if (key.isEmpty()) {
        return false;
    }
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'$';
        if (!letter && (i == 0 || c < u'0' || c > u'9')) {
            return false;
        }
    }
    return true;
}

/// One changed stretch of a line diff: lines [beforeStart, beforeEnd) became [afterStart, afterEnd).
struct Hunk
{
    int beforeStart;
    int beforeEnd;
    int afterStart;
    int afterEnd;
};

QString lineText(const QString& line)
{
    // A CR before the LF is shown, so that a line that only lost or gained it doesn't look unchanged.
    QString text = line.endsWith(QLatin1Char('\r')) ? line.chopped(1) + QChar(0x240D) : line;
    if (text.size() > JsonDiff::MaxLineChars) {
        text = text.left(JsonDiff::MaxLineChars) + QChar(0x2026);
    }
    return text;
}

/// Writes the hunks as lines with ContextLines of unchanged lines around each.
class LineWriter
{
public:
    LineWriter(const QStringList& before, const QStringList& after, JsonDiff::Result& result)
        : m_before(before)
        , m_after(after)
        , m_result(result)
    {
    }

    void write(const QList<Hunk>& hunks)
    {
        for (qsizetype h = 0; h < hunks.size(); ++h) {
            const Hunk& hunk = hunks.at(h);
            const int delta = hunk.afterStart - hunk.beforeStart;
            context(std::max(hunk.beforeStart - JsonDiff::ContextLines, m_written), hunk.beforeStart, delta);
            for (int i = hunk.beforeStart; i < hunk.beforeEnd; ++i) {
                add(JsonDiff::Line::Kind::Removed, i + 1, 0, m_before.at(i));
            }
            for (int j = hunk.afterStart; j < hunk.afterEnd; ++j) {
                add(JsonDiff::Line::Kind::Added, 0, j + 1, m_after.at(j));
            }
            m_result.changeCount += (hunk.beforeEnd - hunk.beforeStart) + (hunk.afterEnd - hunk.afterStart);
            const int next = h + 1 < hunks.size() ? hunks.at(h + 1).beforeStart : static_cast<int>(m_before.size());
            m_written = hunk.beforeEnd;
            context(hunk.beforeEnd, std::min(hunk.beforeEnd + JsonDiff::ContextLines, next),
                hunk.afterEnd - hunk.beforeEnd);
        }
    }

private:
    /// Unchanged lines [from, to) of the first text; the second text's are @p delta further.
    void context(int from, int to, int delta)
    {
        for (int i = from; i < to; ++i) {
            add(JsonDiff::Line::Kind::Context, i + 1, i + delta + 1, m_before.at(i));
        }
        m_written = std::max(m_written, to);
    }

    void add(JsonDiff::Line::Kind kind, int beforeLine, int afterLine, const QString& text)
    {
        if (m_result.lines.size() < JsonDiff::MaxEntries) {
            m_result.lines.append({kind, beforeLine, afterLine, lineText(text)});
        }
    }

    const QStringList& m_before;
    const QStringList& m_after;
    JsonDiff::Result& m_result;
    int m_written = 0; ///< lines of the first text before this one are written (or skipped)
};

} // namespace

bool JsonDiff::Result::truncated() const
{
    return outcome == Outcome::Json ? changeCount > changes.size()
                                    : outcome == Outcome::Text && lines.size() >= MaxEntries;
}

QString JsonDiff::childPath(const QString& parentPath, const QString& key)
{
    if (isIdentifier(key)) {
        return parentPath.isEmpty() ? key : parentPath + QLatin1Char('.') + key;
    }
    // A one-element JSON array is exactly the bracket form, with JSON's quoting and escapes.
    return parentPath + QString::fromUtf8(QJsonDocument(QJsonArray {key}).toJson(QJsonDocument::Compact));
}

QString JsonDiff::valueText(const QJsonValue& value, qsizetype maxChars)
{
    if (value.isUndefined()) {
        return QString();
    }
    // Inside a one-element array any value (a bare string or number too) is a JSON document.
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    QString text = QString::fromUtf8(json.mid(1, json.size() - 2));
    if (text.size() > maxChars) {
        text = text.left(maxChars) + QChar(0x2026);
    }
    return text;
}

JsonDiff::Result JsonDiff::values(const QJsonValue& before, const QJsonValue& after, const QString& basePath)
{
    ChangeList changes;
    compareValue(before, after, basePath, changes);
    Result result;
    result.changeCount = changes.count();
    result.changes = changes.take();
    result.outcome = result.changeCount > 0 ? Outcome::Json : Outcome::Same;
    return result;
}

JsonDiff::Result JsonDiff::lines(const QString& before, const QString& after)
{
    Result result;
    result.beforeBytes = before.toUtf8().size();
    result.afterBytes = after.toUtf8().size();
    if (before == after) {
        return result;
    }
    const QStringList a = before.split(QLatin1Char('\n'));
    const QStringList b = after.split(QLatin1Char('\n'));
    int start = 0;
    while (start < a.size() && start < b.size() && a.at(start) == b.at(start)) {
        ++start;
    }
    int end = 0;
    while (end < a.size() - start && end < b.size() - start && a.at(a.size() - 1 - end) == b.at(b.size() - 1 - end)) {
        ++end;
    }
    Interner<QString> intern;
    std::vector<int> left;
    std::vector<int> right;
    for (qsizetype i = start; i < a.size() - end; ++i) {
        left.push_back(intern(a.at(i)));
    }
    for (qsizetype j = start; j < b.size() - end; ++j) {
        right.push_back(intern(b.at(j)));
    }
    Matches matches;
    if (!align(left, right, MaxEdits, &matches)) {
        result.outcome = Outcome::TooLarge;
        return result;
    }
    matches.emplace_back(static_cast<int>(left.size()), static_cast<int>(right.size()));
    QList<Hunk> hunks;
    int i = 0;
    int j = 0;
    for (const auto& [mi, mj] : matches) {
        if (mi > i || mj > j) {
            hunks.append({start + i, start + mi, start + j, start + mj});
        }
        i = mi + 1;
        j = mj + 1;
    }
    LineWriter(a, b, result).write(hunks);
    result.outcome = Outcome::Text;
    return result;
}

JsonDiff::Result JsonDiff::bodies(const QByteArray& before, const QByteArray& after)
{
    Result result;
    if (before == after) {
        result.outcome = Outcome::Same;
    } else if (before.size() > MaxBodyBytes || after.size() > MaxBodyBytes) {
        result.outcome = Outcome::TooLarge;
    } else {
        QJsonParseError beforeError;
        QJsonParseError afterError;
        const QJsonDocument a = QJsonDocument::fromJson(before, &beforeError);
        const QJsonDocument b = QJsonDocument::fromJson(after, &afterError);
        if (beforeError.error == QJsonParseError::NoError && afterError.error == QJsonParseError::NoError) {
            const auto value = [](const QJsonDocument& d) { return d.isArray() ? QJsonValue(d.array()) : d.object(); };
            result = values(value(a), value(b));
            if (result.outcome == Outcome::Same) {
                result.outcome = Outcome::SameData;
            }
        } else {
            const QString beforeText = NdjsonRecord::utf8OrNull(before);
            const QString afterText = NdjsonRecord::utf8OrNull(after);
            if (beforeText.isNull() || afterText.isNull()) {
                result.outcome = Outcome::Binary;
            } else {
                result = lines(beforeText, afterText);
            }
        }
    }
    result.beforeBytes = before.size();
    result.afterBytes = after.size();
    return result;
}
