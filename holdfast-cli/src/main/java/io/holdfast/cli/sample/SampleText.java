package io.holdfast.cli.sample;

import java.util.List;
import java.util.Random;

/** Built-in prose from which the sample documents, prompts and responses are assembled. */
final class SampleText {
    /** Topics of the text dataset; each document's label is its topic. */
    static final List<String> TOPICS = List.of("science", "cooking", "travel", "software");

    private static final List<List<String>> TOPIC_SENTENCES = List.of(
            List.of(
                    "The samples were kept at four degrees before the measurement.",
                    "A second run of the experiment gave the same curve within the error bars.",
                    "Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.",
                    "The telescope recorded a faint signal from the edge of the galaxy.",
                    "Enzymes lower the energy a reaction needs to get going.",
                    "The control group showed no change over the six weeks of the study.",
                    "Ice cores hold bubbles of air that are thousands of years old.",
                    "The team published the raw data along with the paper."),
            List.of(
                    "Toast the cumin seeds in a dry pan until they smell nutty.",
                    "Let the dough rest for an hour under a damp cloth.",
                    "A pinch of salt makes the caramel taste sweeter, not saltier.",
                    "Simmer the stock gently so that it stays clear.",
                    "Fold the egg whites in with a few slow strokes.",
                    "Fresh basil goes in at the end, off the heat.",
                    "The sauce is ready when it coats the back of a spoon.",
                    "Sourdough needs a starter that has been fed the night before."),
            List.of(
                    "The night train reaches the coast just after sunrise.",
                    "Most museums in the old town close on Mondays.",
                    "A ferry crosses the fjord every forty minutes in summer.",
                    "The mountain hut serves soup until the last hikers arrive.",
                    "Carry cash for the market stalls near the harbour.",
                    "The trail follows the river for twelve kilometres.",
                    "Book the pass a day ahead during the festival week.",
                    "From the ridge you can see three countries on a clear day."),
            List.of(
                    "The service retries the request with an exponential backoff.",
                    "Every commit runs the full test suite before it is merged.",
                    "The cache is invalidated when the schema version changes.",
                    "A content-defined chunker cuts files where the rolling hash matches.",
                    "The index maps each blob to the pack file that holds it.",
                    "Snapshots are cheap because unchanged data is stored only once.",
                    "The build fails fast when the formatter finds a difference.",
                    "Logs are rotated daily and kept for thirty days."));

    private static final List<String> GENERAL = List.of(
            "That is a good question, and the short answer is that it depends on the details.",
            "Here is a step-by-step outline you can adapt to your situation.",
            "First, make sure the inputs are what you expect them to be.",
            "Keep a copy of the original before you change anything.",
            "It helps to write down the assumptions so that you can check them later.",
            "A small example usually makes the idea clearer than a long definition.",
            "If the result looks wrong, compare it with a known good case.",
            "Most of the time goes into preparing the data, not into the model itself.",
            "You can measure the effect by running the same test before and after the change.",
            "In summary, start simple, measure, and only then optimise.",
            "Let me know if you want me to go into more depth on any of these points.",
            "There are trade-offs between speed, cost and accuracy here.");

    private static final List<String> ASKS = List.of(
            "Summarize this note in two sentences: ",
            "Explain to a new colleague: ",
            "Rewrite this more formally: ",
            "What could go wrong here? ",
            "Give me three follow-up questions about this: ",
            "Translate into plain English: ",
            "Is this statement accurate? ",
            "Write a short checklist based on this: ");

    private SampleText() {}

    /** A document of {@code sentences} sentences about topic number {@code topic}, one paragraph per 4 sentences. */
    static String document(Random random, int topic, int sentences) {
        List<String> pool = TOPIC_SENTENCES.get(topic);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append(pick(random, pool));
            text.append(i % 4 == 3 || i == sentences - 1 ? "\n\n" : " ");
        }
        return text.toString().strip() + "\n";
    }

    /** A user prompt quoting a sentence from a random topic. */
    static String prompt(Random random) {
        return pick(random, ASKS) + pick(random, pick(random, TOPIC_SENTENCES));
    }

    /** An assistant response of {@code sentences} sentences. */
    static String response(Random random, int sentences) {
        StringBuilder text = new StringBuilder();
        String previous = "";
        for (int i = 0; i < sentences; i++) {
            String sentence;
            do {
                sentence = random.nextInt(3) == 0 ? pick(random, pick(random, TOPIC_SENTENCES)) : pick(random, GENERAL);
            } while (sentence.equals(previous));
            text.append(i > 0 ? " " : "").append(sentence);
            previous = sentence;
        }
        return text.toString();
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
