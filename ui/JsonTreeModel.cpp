#include "JsonTreeModel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <vector>

/// One member or element. The root holds the document's object or array and is never shown.
struct JsonTreeModel::Node
{
    QString key; ///< the member's key; empty for array elements
    int arrayIndex = -1; ///< the element's index; -1 for object members
    QJsonValue value;
    Node* parent = nullptr;
    int row = 0;
    bool childrenMade = false;
    std::vector<std::unique_ptr<Node>> children;
};

namespace {

/// Cells show at most this much of a string; the copy action gives the whole value.
constexpr qsizetype DisplayLimit = 1000;

int containerSize(const QJsonValue& value)
{
    if (value.isObject()) {
        return static_cast<int>(value.toObject().size());
    }
    if (value.isArray()) {
        return static_cast<int>(value.toArray().size());
    }
    return 0;
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

QString scalarText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        // Integers keep every digit (QJsonValue stores them as qint64), other numbers the shortest form.
        return value.toVariant().toString();
    case QJsonValue::String:
        return value.toString();
    default:
        return QString();
    }
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setDocument(const QJsonDocument& document)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    if (document.isObject()) {
        m_root->value = document.object();
    } else if (document.isArray()) {
        m_root->value = document.array();
    }
    endResetModel();
}

void JsonTreeModel::clear()
{
    setDocument(QJsonDocument());
}

JsonTreeModel::Node* JsonTreeModel::nodeFor(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

void JsonTreeModel::makeChildren(Node* node)
{
    if (node->childrenMade) {
        return;
    }
    node->childrenMade = true;
    auto add = [node](const QString& key, int arrayIndex, const QJsonValue& value) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->arrayIndex = arrayIndex;
        child->value = value;
        child->parent = node;
        child->row = static_cast<int>(node->children.size());
        node->children.push_back(std::move(child));
    };
    if (node->value.isObject()) {
        const QJsonObject object = node->value.toObject();
        node->children.reserve(static_cast<size_t>(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it) {
            add(it.key(), -1, it.value());
        }
    } else if (node->value.isArray()) {
        const QJsonArray array = node->value.toArray();
        node->children.reserve(static_cast<size_t>(array.size()));
        for (int i = 0; i < array.size(); ++i) {
            add(QString(), i, array.at(i));
        }
    }
}

QString JsonTreeModel::keySegment(const QString& key, bool first)
{
    if (isIdentifier(key)) {
        return first ? key : QLatin1Char('.') + key;
    }
    // A one-element JSON array is exactly the bracket form, with JSON's quoting and escapes.
    return QString::fromUtf8(QJsonDocument(QJsonArray {key}).toJson(QJsonDocument::Compact));
}

QString JsonTreeModel::path(const QModelIndex& index) const
{
    QStringList segments;
    for (const Node* node = index.isValid() ? nodeFor(index) : nullptr; node && node->parent; node = node->parent) {
        const bool first = node->parent == m_root.get();
        segments.prepend(
            node->arrayIndex >= 0 ? QStringLiteral("[%1]").arg(node->arrayIndex) : keySegment(node->key, first));
    }
    return segments.join(QString());
}

QString JsonTreeModel::copyText(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return QString();
    }
    const QJsonValue& value = nodeFor(index)->value;
    if (value.isObject()) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    }
    if (value.isArray()) {
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    }
    return scalarText(value);
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent)) {
        return QModelIndex();
    }
    Node* node = nodeFor(parent);
    makeChildren(node);
    return createIndex(row, column, node->children.at(static_cast<size_t>(row)).get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid()) {
        return QModelIndex();
    }
    Node* parentNode = nodeFor(child)->parent;
    if (!parentNode || parentNode == m_root.get()) {
        return QModelIndex();
    }
    return createIndex(parentNode->row, 0, parentNode);
}

int JsonTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0) {
        return 0;
    }
    return containerSize(nodeFor(parent)->value);
}

int JsonTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant JsonTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return QVariant();
    }
    const Node* node = nodeFor(index);
    switch (role) {
    case PathRole:
        return path(index);
    case CopyTextRole:
        return copyText(index);
    case Qt::ToolTipRole:
        return index.column() == Key ? path(index) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return QVariant();
    }
    const QJsonValue& value = node->value;
    switch (index.column()) {
    case Key:
        return node->arrayIndex >= 0 ? QStringLiteral("[%1]").arg(node->arrayIndex) : node->key;
    case Type:
        switch (value.type()) {
        case QJsonValue::Object:
            return tr("object", "JSON type");
        case QJsonValue::Array:
            return tr("array", "JSON type");
        case QJsonValue::String:
            return tr("string", "JSON type");
        case QJsonValue::Double:
            return tr("number", "JSON type");
        case QJsonValue::Bool:
            return tr("boolean", "JSON type");
        case QJsonValue::Null:
            return tr("null", "JSON type");
        default:
            return QVariant();
        }
    case Value: {
        if (value.isObject()) {
            return tr("{%1}", "JSON object with N members").arg(containerSize(value));
        }
        if (value.isArray()) {
            return tr("[%1]", "JSON array with N elements").arg(containerSize(value));
        }
        const QString text = scalarText(value);
        return text.size() > DisplayLimit ? text.left(DisplayLimit) + QChar(0x2026) : text;
    }
    default:
        return QVariant();
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QVariant();
    }
    switch (section) {
    case Key:
        return tr("Key");
    case Type:
        return tr("Type");
    case Value:
        return tr("Value");
    default:
        return QVariant();
    }
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable
        | (rowCount(index) == 0 ? Qt::ItemNeverHasChildren : Qt::NoItemFlags);
}
