using Cluster.Node.Groups;
using Messages.Groups;

namespace Cluster.Node.Tests.Groups;

/// <summary>A group's durable state: creation rules and the journal events that rebuild it.</summary>
public sealed class GroupStateSpecs
{
    private static readonly GroupDefinition Settings = new(GroupStart.Earliest, 30, 5, GroupOrdering.Stream);

    [Fact]
    public void Creating_is_201_then_200_with_the_same_settings_and_409_with_others()
    {
        Assert.Equal(GroupCreation.Create, GroupState.None.Decide(Settings));

        var state = GroupState.None.Apply(new GroupDefined("acct", "g", Settings, 0));

        Assert.Equal(GroupCreation.AlreadyExists, state.Decide(Settings with { }));
        Assert.Equal(GroupCreation.Conflict, state.Decide(Settings with { MaxDeliveries = 6 }));
        Assert.Equal(GroupCreation.Conflict, state.Decide(Settings with { Ordering = GroupOrdering.None }));
    }

    [Fact]
    public void The_checkpoint_starts_where_the_group_was_defined_and_never_moves_back()
    {
        var state = GroupState.None
            .Apply(new GroupDefined("acct", "g", Settings with { StartFrom = GroupStart.Latest }, 500))
            .Apply(new GroupCheckpointed(700))
            .Apply(new GroupCheckpointed(650))
            .Apply(new GroupEventParked("acct-1", 2, 710, 5, "not acknowledged in time"));

        Assert.Equal((700L, 1), (state.Checkpoint, state.Parked));
    }

    [Fact]
    public void A_deleted_group_is_gone_and_a_new_one_of_the_same_name_starts_afresh()
    {
        var state = GroupState.None
            .Apply(new GroupDefined("acct", "g", Settings, 0))
            .Apply(new GroupCheckpointed(900))
            .Apply(new GroupDeleted("acct", "g"));

        Assert.False(state.Exists);
        Assert.Equal(GroupCreation.Create, state.Decide(Settings with { MaxDeliveries = 9 }));

        var recreated = state.Apply(new GroupDefined("acct", "g", Settings with { MaxDeliveries = 9 }, 0));
        Assert.Equal((0L, 0), (recreated.Checkpoint, recreated.Parked));
    }
}
