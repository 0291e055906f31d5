package io.modelfn.registry.dynamodb;

import io.modelfn.core.model.InvalidModelCardException;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Registers a models folder ({@code <name>/<version>/model.json} beside {@code model.onnx}) in an
 * empty or partly seeded registry, so a fresh stack or a local run serves every model at once.
 *
 * <p>For each card: the version item ({@link LifecycleState#VALIDATED}; the highest semantic
 * version of each model {@link LifecycleState#PRODUCTION}) and the card item. For each model: the
 * alias {@value #PRODUCTION_ALIAS} and an endpoint of the model's name, both on the highest version,
 * which takes all the traffic as variant {@value Variant#STABLE}.
 *
 * <p>Every write is conditional on the item not existing, so seeding again changes nothing, and
 * never overwrites what an operator or a rollout has changed since: promotions belong to the write
 * side, not to the seeder.
 *
 * <p>Thread-safe; seeding the same table from two processes at once is safe too (the conditional
 * writes decide who writes each item).
 */
public final class RegistrySeeder {

    public static final String SEED_PRINCIPAL = "seed";
    public static final String PRODUCTION_ALIAS = "production";

    private static final String NOT_EXISTS = "attribute_not_exists(#pk)";
    private static final Map<String, String> PK_NAME = Map.of("#pk", RegistryTableSchema.PK);

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;
    private final ModelCardReader cards;

    public RegistrySeeder(DynamoDbClient client, String tableName, Clock clock) {
        this(client, tableName, clock, new ModelCardReader());
    }

    public RegistrySeeder(DynamoDbClient client, String tableName, Clock clock, ModelCardReader cards) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cards = Objects.requireNonNull(cards, "cards");
    }

    /** How many items a seeding wrote, and how many it left alone because they existed. */
    public record Summary(int written, int skipped) {

        Summary plus(boolean wasWritten) {
            return wasWritten ? new Summary(written + 1, skipped) : new Summary(written, skipped + 1);
        }
    }

    /**
     * Seeds the registry from a models folder.
     *
     * @param artifacts where each version's {@code model.onnx} is, as the serving path will read it
     *     (e.g. {@code local:iris/1.1.0/model.onnx} or an {@code s3://} URI)
     * @throws InvalidModelCardException when a card is invalid or does not name its own folder;
     *     nothing is written then
     * @throws RegistryUnavailableException when DynamoDB fails; rerunning finishes the job
     * @throws UncheckedIOException when the folder cannot be read
     */
    public Summary seed(Path modelsFolder, Function<ModelKey, ArtifactLocation> artifacts) {
        // Read every card first, so a bad card stops the seeding before anything is written.
        Map<String, List<Card>> byModel = new TreeMap<>();
        for (Card card : readCards(modelsFolder)) {
            byModel.computeIfAbsent(card.card().name(), name -> new ArrayList<>()).add(card);
        }

        Instant now = clock.instant();
        WriteStamp stamp = WriteStamp.first(SEED_PRINCIPAL, now);
        Summary summary = new Summary(0, 0);
        for (List<Card> versions : byModel.values()) {
            versions.sort(Comparator.comparing(Card::version));
            Card highest = versions.get(versions.size() - 1);
            // Versions before the alias and the endpoint: nothing may point at a version not yet written.
            for (Card card : versions) {
                LifecycleState state = card == highest ? LifecycleState.PRODUCTION : LifecycleState.VALIDATED;
                summary = summary.plus(putIfAbsent(RegistryItems.versionItem(version(card, state, artifacts, now), stamp)));
                summary = summary.plus(putIfAbsent(RegistryItems.cardItem(card.key(), card.json())));
            }
            ModelKey production = highest.key();
            summary = summary.plus(putIfAbsent(RegistryItems.aliasItem(
                    ModelAlias.of(production.name(), PRODUCTION_ALIAS, production.version()), stamp)));
            EndpointConfig endpoint = new EndpointConfig(production.name(),
                    List.of(new Variant(Variant.STABLE, production, Variant.TOTAL_WEIGHT)),
                    null, production.name(), EndpointConfig.LAMBDA_BACKEND, stamp.revision(), now);
            summary = summary.plus(putIfAbsent(RegistryItems.endpointItem(endpoint, SEED_PRINCIPAL)));
        }
        if (summary.written() > 0) {
            // Once for the whole seeding: serving environments then re-read the registry.
            DynamoDbChangeMarker.markChanged(client, tableName, now);
        }
        return summary;
    }

    private static ModelVersion version(Card card, LifecycleState state,
            Function<ModelKey, ArtifactLocation> artifacts, Instant now) {
        ModelCard c = card.card();
        ArtifactLocation artifact = Objects.requireNonNull(artifacts.apply(card.key()),
                () -> "no artifact location for " + card.key());
        return new ModelVersion(card.key(), artifact, c.artifact().sha256(), c.artifact().sizeBytes(), c.signature(),
                state, c.task(), c.labels(), c.features(), now);
    }

    /** Writes the item unless one with its key exists; returns whether it wrote. */
    private boolean putIfAbsent(Map<String, AttributeValue> item) {
        try {
            client.putItem(b -> b.tableName(tableName)
                    .item(item)
                    .conditionExpression(NOT_EXISTS)
                    .expressionAttributeNames(PK_NAME));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        } catch (SdkException e) {
            throw new RegistryUnavailableException("cannot seed registry table '" + tableName + "' with "
                    + RegistryItems.describeKey(item) + ": " + SdkFailures.describe(e), e);
        }
    }

    private List<Card> readCards(Path modelsFolder) {
        List<Card> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(modelsFolder, 3)) {
            List<Path> cardFiles = paths
                    .filter(p -> p.getFileName().toString().equals("model.json"))
                    .filter(p -> modelsFolder.relativize(p).getNameCount() == 3)
                    .sorted()
                    .toList();
            for (Path file : cardFiles) {
                found.add(readCard(modelsFolder, file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the models folder " + modelsFolder, e);
        }
        return found;
    }

    private Card readCard(Path modelsFolder, Path file) throws IOException {
        Path relative = modelsFolder.relativize(file.getParent());
        String folderKey = relative.getName(0) + "/" + relative.getName(1);
        byte[] bytes = Files.readAllBytes(file);
        ModelCard card;
        try {
            card = cards.read(bytes);
        } catch (InvalidModelCardException e) {
            throw new InvalidModelCardException(e.problems().stream().map(p -> folderKey + ": " + p).toList());
        }
        if (!card.key().toString().equals(folderKey)) {
            throw new InvalidModelCardException(List.of(folderKey + ": the card names " + card.key()
                    + "; a card must name its own folder"));
        }
        return new Card(card, new String(bytes, StandardCharsets.UTF_8));
    }

    /** A card read from the folder, with its text as written. */
    private record Card(ModelCard card, String json) {

        ModelKey key() {
            return card.key();
        }

        SemanticVersion version() {
            return card.version();
        }
    }
}
